import { dirname } from 'node:path';
import { LowSync } from 'lowdb';
import { makeDirs } from './files.js';
import { AtomicJsonFile } from './json-file.js';
import { MAX_NESTING, nestingDepth } from '../domain/json.js';

/** A small key → value cache in one lowdb JSON file, read once, written (atomically, whole) on each new entry. */
export class KeyedCache<T> {
  private readonly db: LowSync<{ format: string; entries: Record<string, T> }>;
  private loaded = false;

  constructor(readonly file: string, private readonly format: string) {
    this.db = new LowSync(new AtomicJsonFile<{ format: string; entries: Record<string, T> }>(file), { format, entries: {} });
  }

  get(key: string): T | undefined {
    this.load();
    return Object.hasOwn(this.db.data.entries, key) ? this.db.data.entries[key] : undefined;
  }

  set(key: string, value: T): void {
    this.load();
    this.db.data.entries[key] = value;
    makeDirs(dirname(this.file));
    this.db.write();
  }

  private load(): void {
    if (this.loaded) return;
    try {
      this.db.read();
      if (typeof this.db.data?.entries !== 'object' || this.db.data.entries === null) throw new Error('not a cache');
      // An entry is a value a session held (MAX_NESTING) in one wrapper ({ok, result}); a deeper one was not
      // written by the tool, and would overflow the stack when the file is next written: it is no entry.
      const { entries } = this.db.data;
      for (const key of Object.keys(entries)) if (nestingDepth(entries[key], MAX_NESTING + 1) > MAX_NESTING + 1) delete entries[key];
    } catch {
      // A missing or broken cache file starts empty (it is rebuilt as calls come).
      this.db.data = { format: this.format, entries: {} };
    }
    this.loaded = true;
  }
}
