import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TaskSource } from '../domain/recording.js';
import type { Task } from '../domain/task.js';
import { validateTaskOnce } from '../domain/validate-task.js';
import { UnreadableFileError, UserError } from '../errors.js';
import { readJsonFile } from './json-file.js';
import { fileStamp } from './files.js';
import { walkFiles } from './walk.js';
import { memos } from '../domain/memo.js';

/** The package's bundled task library. */
export const BUNDLED_TASKS_DIR = fileURLToPath(new URL('../../fixtures/tasks/', import.meta.url));

export interface LoadedTask {
  task: Task;
  file: string;
  source: TaskSource;
}

/** Every problem of a task file as `file: path: message` lines (empty when valid). */
export function checkTaskFile(file: string): { task: Task | null; problems: string[] } {
  const raw = readJsonFile(file);
  const checked = validateTaskOnce(raw);
  if (checked.ok) return { task: checked.task, problems: [] };
  return { task: null, problems: checked.problems.map((p) => `${file}: ${p.path ? `${p.path}: ` : ''}${p.message}`) };
}

const loadedTasks = memos.table<string, { stamp: string; task: Task }>('task-files.loaded', 1000);

/**
 * Loads a valid task from a file, or throws one UserError line (the first problem, and how many more).
 * A file loaded before and unchanged since (size and times) is not parsed again: replaying a thousand
 * recordings of one task reads it once. Callers must not mutate the task they get.
 */
export function loadTaskFile(file: string): Task {
  return loadStamped(file, fileStamp(file) ?? '');
}

function loadStamped(file: string, stamp: string): Task {
  const key = resolve(file);
  const hit = loadedTasks.get(key);
  if (hit && stamp !== '' && hit.stamp === stamp) return hit.task;
  const { task, problems } = checkTaskFile(file);
  if (task) {
    if (stamp !== '') loadedTasks.set(key, { stamp, task });
    return task;
  }
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more; see synthagent validate)` : '';
  throw new UserError(`${problems[0]}${more}`);
}

/** `T` of the CLI: a path to a task file, or the id of a bundled task. */
export function resolveTask(ref: string): LoadedTask {
  // Anything at that path but a folder is read as a task file, which refuses a pipe or a device in one line.
  if (existsSync(ref) && !statSync(ref).isDirectory()) return { task: loadTaskFile(ref), file: ref, source: { file: ref } };
  const bundled = bundledTaskFiles().find((f) => f.id === ref);
  if (bundled) return { task: loadTaskFile(bundled.file), file: bundled.file, source: { bundled: ref } };
  if (existsSync(ref)) throw new UnreadableFileError(ref, 'is a directory');
  if (/[/\\]|\.json$/.test(ref)) throw new UnreadableFileError(ref, 'no such file');
  throw new UserError(`unknown task "${ref}": not a file and not a bundled task id (see synthagent tasks)`);
}

const listings = memos.table<string, { id: string; file: string }[]>('task-files.listings', 100);

/** Bundled task files, found by walking fixtures/tasks once per process (id from the file name, per SPEC §1). */
export function bundledTaskFiles(dir = BUNDLED_TASKS_DIR): { id: string; file: string }[] {
  const known = listings.get(dir);
  if (known) return known;
  if (!existsSync(dir)) return [];
  const out = walkFiles(dir, { keep: (name) => name.endsWith('.json') }).map((file) => ({ id: basename(file, '.json'), file }));
  listings.set(dir, out);
  return out;
}

/** All bundled tasks, loaded and validated. */
export function loadBundledTasks(dir = BUNDLED_TASKS_DIR): LoadedTask[] {
  return bundledTaskFiles(dir).map(({ id, file }) => ({ task: loadTaskFile(file), file, source: { bundled: id } }));
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** How a recording at `recordingFile` names its task: a bundled id, or a path relative to the recording. */
export function sourceFor(loaded: LoadedTask, recordingFile: string): TaskSource {
  if ('bundled' in loaded.source) return loaded.source;
  return { file: relative(dirname(resolve(recordingFile)), resolve(loaded.file)) };
}

/** Where a recording's task source points, the same text for recordings that share it. */
export function taskSourceKey(source: TaskSource, recordingFile: string): string {
  return 'bundled' in source ? `bundled:${source.bundled}` : `file:${resolve(dirname(resolve(recordingFile)), source.file)}`;
}

/** Today's version of a recording's task, or null when its source is gone (the caller falls back). */
export function loadTaskSource(source: TaskSource, recordingFile: string): LoadedTask | null {
  if ('bundled' in source) {
    const found = bundledTaskFiles().find((f) => f.id === source.bundled);
    return found ? { task: loadTaskFile(found.file), file: found.file, source } : null;
  }
  const file = resolve(dirname(resolve(recordingFile)), source.file);
  const stamp = fileStamp(file);
  return stamp === null ? null : { task: loadStamped(file, stamp), file, source };
}
