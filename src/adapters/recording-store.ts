import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LowSync } from 'lowdb';
import { AtomicJsonFile } from './json-file.js';
import { z } from 'zod';
import { type Recording, RoleKind } from '../domain/recording.js';
import { errorMessage, UserError } from '../errors.js';
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
  /** A fork's parent recording (id) and the seq it continued after; absent for others, and in older indexes. */
  fork: z.object({ of: z.string(), at: z.number().int() }).optional(),
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
    ...(rec.parent ? { fork: { of: rec.parent.id, at: rec.parent.at } } : {}),
  };
}

/**
 * The recordings folder and its index. The index is a cache: recordings are the truth, and `list()` adds
 * any file the index missed (a crash, two processes racing on the index).
 *
 * It is two files, so that saving a session costs the same whatever the folder holds: `index.json`, a
 * snapshot of entries (lowdb, written whole and atomically), and `index.log`, entries appended one JSON
 * line each (written and fsynced in one call; a line torn by a crash is skipped). Reading folds the log
 * over the snapshot (the last entry of a file wins, so there is one entry per recording file); `list()` and a
 * log grown past the snapshot's size fold it back into the snapshot (renamed away first, so lines appended
 * meanwhile by another process go to a new log).
 */
export class RecordingStore {
  private readonly db: LowSync<IndexFile>;
  private readonly snapshot: string;
  private readonly log: string;

  /** `compactAtBytes`: the log may grow to this, or to the snapshot's size if larger, before it is folded. */
  constructor(
    readonly dir: string,
    private readonly compactAtBytes = 1 << 20,
  ) {
    this.snapshot = join(dir, 'index.json');
    this.log = join(dir, 'index.log');
    this.db = new LowSync(new AtomicJsonFile<IndexFile>(this.snapshot), { format: 'synthagent.index/1', recordings: [] });
  }

  fileFor(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Adds or replaces the entry of a recording file: one appended line. Never throws: a failed index write is repaired by list(). */
  put(entry: IndexEntry): string | null {
    try {
      const stamp = fileStamp(join(this.dir, entry.file));
      if (stamp) entry = { ...entry, stamp };
      const fd = openSync(this.log, 'a');
      let logSize: number;
      try {
        writeSync(fd, `${JSON.stringify(entry)}\n`);
        fsyncSync(fd);
        logSize = fstatSync(fd).size;
      } finally {
        closeSync(fd);
      }
      // Folded back once it outgrows the snapshot: amortized O(1) per put, and the log stays bounded.
      if (logSize > Math.max(this.compactAtBytes, sizeOf(this.snapshot))) this.compact();
      return null;
    } catch (err) {
      return `${this.snapshot}: index not updated: ${errorMessage(err)}`;
    }
  }

  /** Every recording, newest first: the index, plus files it does not know (read and added). */
  list(): IndexEntry[] {
    if (!existsSync(this.dir)) return [];
    if (!statSync(this.dir).isDirectory()) throw new UserError(`${this.dir}: is a file, not a folder (the recordings folder: SYNTHAGENT_RECORDINGS, default recordings/)`);
    const folding = this.takeLog();
    const known = new Map(this.load(folding).map((r) => [r.file, r]));
    const out: IndexEntry[] = [];
    let changed = folding.length > 0;
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
    if (changed) this.save(out, folding);
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The snapshot with the log folded in, written back as the new snapshot. */
  private compact(): void {
    const folding = this.takeLog();
    if (folding.length > 0) this.save(this.load(folding), folding);
  }

  /**
   * Entries: the snapshot, then logs being folded (oldest first), then the live log; the last for a file
   * wins. An entry is a file's: a file saved again under another id replaces its entry, and two copies of
   * one recording (one id) are two entries.
   */
  private load(folding: string[]): IndexEntry[] {
    let base: IndexEntry[] = [];
    try {
      this.db.read();
      const parsed = IndexFile.safeParse(this.db.data);
      if (parsed.success) base = parsed.data.recordings;
    } catch {
      // An unreadable snapshot: rebuilt by list() from the files.
    }
    const byFile = new Map(base.map((e) => [e.file, e]));
    for (const file of [...folding, this.log]) {
      for (const e of logEntries(file)) {
        byFile.delete(e.file); // the latest entry of a file takes its place at the end
        byFile.set(e.file, e);
      }
    }
    return [...byFile.values()];
  }

  /**
   * Moves the live log aside for folding (new puts start a new log) and returns it with any left by a
   * process that died while folding, oldest first.
   */
  private takeLog(): string[] {
    const left = readdirSync(this.dir)
      .filter((n) => n.startsWith('index.log.') && n.endsWith('.fold'))
      .map((n) => join(this.dir, n))
      .sort((a, b) => mtimeOf(a) - mtimeOf(b));
    const mine = `${this.log}.${process.pid}.${Date.now()}.fold`;
    try {
      renameSync(this.log, mine);
      return [...left, mine];
    } catch {
      return left; // no log yet
    }
  }

  /** Writes the snapshot, then drops the folded logs. A folder that cannot be written still lists. */
  private save(entries: IndexEntry[], folded: string[]): void {
    try {
      this.db.data = { format: 'synthagent.index/1', recordings: entries };
      this.db.write();
      for (const f of folded) rmSync(f, { force: true });
    } catch {
      // Kept for the next fold.
    }
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The entries of a log file, skipping lines that are not whole entries (a torn last line after a crash). */
function logEntries(file: string): IndexEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: IndexEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const parsed = IndexEntry.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // torn or foreign line
    }
  }
  return out;
}
