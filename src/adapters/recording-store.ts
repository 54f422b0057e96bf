import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LowSync } from 'lowdb';
import { AtomicJsonFile } from './json-file.js';
import { z } from 'zod';
import { type Recording, RoleKind } from '../domain/recording.js';
import { errorMessage } from '../errors.js';
import { fileStamp } from './files.js';
import { readRecording } from './recording-file.js';

/** One line of the recordings index: enough to list and filter without opening each file. */
export const IndexEntry = z.object({
  id: z.string(),
  file: z.string(),
  task: z.string(),
  agent: RoleKind,
  user: RoleKind,
  createdAt: z.string(),
  score: z.number().nullable(),
  passed: z.boolean().nullable(),
  end: z.string().nullable(),
  complete: z.boolean(),
  events: z.number().int(),
  /** The file's size and modification time when this entry was made: a file changed since is read again. */
  stamp: z.string().optional(),
});
export type IndexEntry = z.infer<typeof IndexEntry>;

const IndexFile = z.object({ format: z.literal('synthagent.index/1'), recordings: z.array(IndexEntry) });
type IndexFile = z.infer<typeof IndexFile>;

export function indexEntry(rec: Recording, file: string, dir: string): IndexEntry {
  return {
    id: rec.id,
    file: relative(dir, resolve(file)),
    task: rec.task.id,
    agent: rec.roles.agent.kind,
    user: rec.roles.user.kind,
    createdAt: rec.createdAt,
    score: rec.result?.score ?? null,
    passed: rec.result?.passed ?? null,
    end: rec.result?.end ?? null,
    complete: rec.complete,
    events: rec.events.length,
  };
}

/**
 * The recordings folder and its lowdb index (`index.json`). The index is a cache: recordings are the
 * truth, and `list()` adds any file the index missed (a crash, two processes racing on the index).
 */
export class RecordingStore {
  private readonly db: LowSync<IndexFile>;

  constructor(readonly dir: string) {
    this.db = new LowSync(new AtomicJsonFile<IndexFile>(join(dir, 'index.json')), { format: 'synthagent.index/1', recordings: [] });
  }

  fileFor(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Adds or replaces the entry of a recording. Never throws: a failed index write is repaired by list(). */
  put(entry: IndexEntry): string | null {
    try {
      const stamp = fileStamp(join(this.dir, entry.file));
      if (stamp) entry = { ...entry, stamp };
      this.load();
      const rest = this.db.data.recordings.filter((r) => r.id !== entry.id);
      this.db.data = { ...this.db.data, recordings: [...rest, entry] };
      this.db.write();
      return null;
    } catch (err) {
      return `${join(this.dir, 'index.json')}: index not updated: ${errorMessage(err)}`;
    }
  }

  /** Every recording, newest first: the index, plus files it does not know (read and added). */
  list(): IndexEntry[] {
    if (!existsSync(this.dir)) return [];
    this.load();
    const known = new Map(this.db.data.recordings.map((r) => [r.file, r]));
    const out: IndexEntry[] = [];
    let changed = false;
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json') || name === 'index.json') continue;
      const entry = known.get(name);
      const stamp = fileStamp(join(this.dir, name));
      // Rewritten since (rescore --write, replay --update) or still being written: read it again.
      if (entry && ((entry.complete && entry.stamp === stamp) || stamp?.startsWith('0:'))) {
        out.push(entry);
        continue;
      }
      try {
        const fresh = indexEntry(readRecording(join(this.dir, name)), join(this.dir, name), this.dir);
        out.push(stamp ? { ...fresh, stamp } : fresh);
        changed = true;
      } catch {
        // Not a recording (or unreadable): left out of the list.
      }
    }
    if (changed) {
      try {
        this.db.data = { ...this.db.data, recordings: out };
        this.db.write();
      } catch {
        // A read-only folder still lists.
      }
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  private load(): void {
    try {
      this.db.read();
      const parsed = IndexFile.safeParse(this.db.data);
      if (!parsed.success) this.db.data = { format: 'synthagent.index/1', recordings: [] };
    } catch {
      this.db.data = { format: 'synthagent.index/1', recordings: [] };
    }
  }
}

