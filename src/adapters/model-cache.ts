import { createHash } from 'node:crypto';
import { LowSync } from 'lowdb';
import { AtomicJsonFile } from './json-file.js';
import { canonicalJson, MAX_NESTING, nestingDepth } from '../domain/json.js';

const hash = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);

/** What a model call is keyed by (as Inspect AI does): the model, the messages, the tools and the parameters. */
export interface CacheKeyParts {
  model: string;
  messages: unknown[];
  tools: unknown;
  params: Record<string, unknown>;
}

interface Entry {
  key: string;
  model: string;
  tools: string;
  params: string;
  messages: string[];
  answer: unknown;
}

interface CacheFile {
  format: 'synthagent.model-cache/1';
  entries: Entry[];
}

/** A model-call cache on lowdb: the same call is answered from disk, and a miss says what changed. */
export class ModelCache {
  private readonly db: LowSync<CacheFile>;
  private loaded = false;

  constructor(readonly file: string) {
    this.db = new LowSync(new AtomicJsonFile<CacheFile>(file), { format: 'synthagent.model-cache/1', entries: [] });
  }

  static key(parts: CacheKeyParts): string {
    return hash(parts);
  }

  get(parts: CacheKeyParts): { hit: true; answer: unknown } | { hit: false; why: string } {
    this.load();
    const key = ModelCache.key(parts);
    const found = this.db.data.entries.find((e) => e.key === key);
    if (found) return { hit: true, answer: found.answer };
    return { hit: false, why: this.explainMiss(parts) };
  }

  put(parts: CacheKeyParts, answer: unknown): void {
    this.load();
    const entry: Entry = {
      key: ModelCache.key(parts),
      model: parts.model,
      tools: hash(parts.tools),
      params: hash(parts.params),
      messages: parts.messages.map(hash),
      answer,
    };
    this.db.data.entries = [...this.db.data.entries.filter((e) => e.key !== entry.key), entry];
    this.db.write();
  }

  /** Names the part of the key that differs from the closest cached call. */
  private explainMiss(parts: CacheKeyParts): string {
    const messages = parts.messages.map(hash);
    const tools = hash(parts.tools);
    const params = hash(parts.params);
    let best: { entry: Entry; score: number; prefix: number } | null = null;
    for (const e of this.db.data.entries) {
      let prefix = 0;
      while (prefix < messages.length && e.messages[prefix] === messages[prefix]) prefix++;
      const score = prefix * 4 + (e.model === parts.model ? 3 : 0) + (e.tools === tools ? 2 : 0) + (e.params === params ? 1 : 0);
      if (!best || score > best.score) best = { entry: e, score, prefix };
    }
    if (!best) return 'the cache is empty';
    const e = best.entry;
    if (e.model !== parts.model) return `model differs from the closest cached call (${e.model} there, ${parts.model} here)`;
    if (e.tools !== tools) return 'tools differ from the closest cached call';
    if (e.params !== params) return 'parameters differ from the closest cached call';
    if (best.prefix < messages.length) return `messages differ from the closest cached call at message ${best.prefix + 1} of ${messages.length}`;
    return 'the closest cached call has more messages';
  }

  private load(): void {
    if (this.loaded) return;
    try {
      this.db.read();
      if (!Array.isArray(this.db.data?.entries)) this.db.data = { format: 'synthagent.model-cache/1', entries: [] };
      // An entry nested past MAX_NESTING was not written by the tool (an answer is a few levels deep), and
      // would overflow the stack when the file is next written: it is no entry.
      else this.db.data.entries = this.db.data.entries.filter((e) => nestingDepth(e, MAX_NESTING) <= MAX_NESTING);
    } catch {
      this.db.data = { format: 'synthagent.model-cache/1', entries: [] };
    }
    this.loaded = true;
  }
}
