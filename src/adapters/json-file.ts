import { readFileSync } from 'node:fs';
import { MAX_NESTING, nestingProblem } from '../domain/json.js';
import { UserError } from '../errors.js';
import type { SyncAdapter } from 'lowdb';
import { readTextFile, writeFileAtomic } from './files.js';

/** Reads and parses a JSON file; any failure is a one-line UserError naming the file. */
export function readJsonFile(file: string): unknown {
  let text = readTextFile(file);
  // A byte-order mark is not content (editors on Windows add one).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: invalid JSON: ${jsonErrorWhere(text, (err as Error).message)}`);
  }
  refuseDeepNesting(file, value);
  return value;
}

/** One clear line, naming where, instead of a stack overflow somewhere deep in a parser; `limit` counts levels around the content. */
export function refuseDeepNesting(file: string, value: unknown, limit = MAX_NESTING): void {
  const deep = nestingProblem(value, limit);
  if (deep) throw new UserError(`${file}: ${deep}`);
}

/** Node's JSON errors give a character position; users want a line and column. */
function jsonErrorWhere(text: string, message: string): string {
  const m = /at position (\d+)/.exec(message);
  // Some messages quote the surrounding source, newlines and all: keep the first clause only.
  const short = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ (in JSON )?at position \d+/, '')
    .replace(/, "[\s\S]*$/, '')
    .replace(/\s+/g, ' ');
  if (!m) return text.trim() === '' ? 'the file is empty' : short;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${short} at line ${line}, column ${column}`;
}

/**
 * A lowdb adapter for the tool's own JSON files (caches, the recordings index): read like lowdb's
 * JSONFileSync (null when there is no file yet), written through writeFileAtomic — whole, synced, then
 * renamed, with a temp name of its own per process (lowdb's fixed `.NAME.tmp` is shared by two processes).
 */
export class AtomicJsonFile<T> implements SyncAdapter<T> {
  constructor(readonly file: string) {}

  read(): T | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as T;
  }

  write(data: T): void {
    writeJsonFile(this.file, data);
  }
}

/** A JSON file the tool writes (a task, a cache, the index): indented, whole, atomically. */
export function writeJsonFile(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
