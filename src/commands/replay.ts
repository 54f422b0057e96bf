import { type CliIo, skipNotice } from '../io.js';
import { expandRecordingArgs } from '../adapters/recording-paths.js';
import { readRecording, writeRecording } from '../adapters/recording-file.js';
import { type LoadedTask, loadTaskSource, taskSourceKey } from '../adapters/task-files.js';
import { carryAnnotations } from '../domain/annotations.js';
import type { Event } from '../domain/events.js';
import type { Recording } from '../domain/recording.js';
import type { Task } from '../domain/task.js';
import { safeLine, UserError } from '../errors.js';
import { brief, painter } from '../render/style.js';
import { type Divergence, replayRecording } from '../session/replay.js';

/** Task sources already loaded in one run, by taskSourceKey() (null: the source is gone). */
export type TaskSources = Map<string, LoadedTask | null>;

/**
 * Today's task for a recording: from where it came; the recorded copy when that is gone. A run over
 * many recordings passes one `sources` map, so each task source is looked up once per run.
 */
export function todaysTask(rec: Recording, file: string, sources: TaskSources = new Map()): { task: Task; note: string | null } {
  let loaded: LoadedTask | null = null;
  if (rec.taskSource) {
    const key = taskSourceKey(rec.taskSource, file);
    if (sources.has(key)) loaded = sources.get(key) ?? null;
    else {
      try {
        loaded = loadTaskSource(rec.taskSource, file);
      } catch (err) {
        // Today's task is broken: say which recording needed it.
        if (err instanceof UserError) throw new UserError(`${file}: task source: ${err.message}`);
        throw err;
      }
      sources.set(key, loaded);
    }
  }
  if (loaded) return { task: loaded.task, note: null };
  return { task: rec.task, note: rec.taskSource ? 'task source not found; using the task stored in the recording' : 'no task source; using the task stored in the recording' };
}

/** The drift report of one divergence: where, and expected vs actual for each differing field. */
export function driftReport(file: string, d: Divergence): string[] {
  const fields = d.diffs.map((x) => `    ${x.path}: expected ${brief(x.expected, 70)}, got ${brief(x.actual, 70)}`);
  if (d.type === 'result') return [`${file}: drift in the result (the events are the same)`, ...fields];
  const head = `${file}: drift at seq ${d.seq} (${d.type})`;
  if (!d.expected || !d.actual) {
    const which = d.expected ? `recorded ${d.expected.type}, replay ended before it` : `replay has an extra ${d.actual?.type} event`;
    return [head, `    ${which}`];
  }
  // Events of different kinds: say which, rather than listing every field one has and the other lacks.
  if (d.expected.type !== d.actual.type) return [head, `    expected ${eventBrief(d.expected)}`, `    got      ${eventBrief(d.actual)}`];
  return [head, ...fields];
}

/** An event in a few words: its type and what it is about. */
function eventBrief(e: Event): string {
  const { seq: _seq, type, ...rest } = e;
  return `${type} ${brief(rest, 100)}`;
}

interface Flags {
  update: boolean;
  json: boolean;
}

/** `synthagent replay FILE… [--check|--update] [--json]`. */
export async function replayCommand(args: string[], flags: Flags, io: CliIo): Promise<number> {
  const files = expandRecordingArgs(args, skipNotice(io));
  if (files.length === 0) throw new UserError('replay: give one or more recordings (files or folders)');
  const paint = painter(io.stdout, io.env);
  const rows: unknown[] = [];
  let drifted = 0;
  let unreadable = 0;
  const sources: TaskSources = new Map();
  for (const file of files) {
    let rec: Recording;
    let today: ReturnType<typeof todaysTask>;
    try {
      rec = readRecording(file);
      today = todaysTask(rec, file, sources);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      unreadable++;
      rows.push({ file, ok: false, error: err.message });
      if (!flags.json) io.stderr.write(`synthagent: ${safeLine(err.message)}\n`);
      continue;
    }
    const out = await replayRecording(rec, today.task);
    const scores = { recorded: rec.result?.score ?? null, replayed: out.result.score };
    if (flags.update) {
      writeRecording(file, { ...rec, task: today.task, events: out.events, result: out.result, complete: out.result.end !== 'aborted', annotations: carryAnnotations(rec.annotations, rec.events, out.events) });
      rows.push({ file, ok: true, updated: out.divergence !== null, score: scores });
      const moved = scores.recorded === scores.replayed ? '' : `  (score ${scores.recorded === null ? '—' : scores.recorded.toFixed(2)} → ${scores.replayed.toFixed(2)})`;
      if (!flags.json) io.stdout.write(`${out.divergence ? paint('yellow', 'updated') : paint('green', 'same   ')}  ${file}${moved}\n`);
      continue;
    }
    if (out.divergence) drifted++;
    rows.push({ file, ok: out.divergence === null, events: rec.events.length, score: scores, divergence: out.divergence && { seq: out.divergence.seq, type: out.divergence.type, diffs: out.divergence.diffs }, note: today.note });
    if (flags.json) continue;
    if (out.divergence) io.stdout.write(`${paint('red', '✗')} ${driftReport(file, out.divergence).join('\n')}\n`);
    else io.stdout.write(`${paint('green', '✓')} ${file} (${rec.events.length} events, score ${out.result.score.toFixed(2)})\n`);
    if (today.note) io.stdout.write(paint('gray', `    note: ${today.note}\n`));
  }
  const ok = files.length - drifted - unreadable;
  if (flags.json) io.stdout.write(`${JSON.stringify({ recordings: rows, ok, drifted, unreadable })}\n`);
  else if (!flags.update) {
    const summary = `${files.length} recording${files.length === 1 ? '' : 's'}: ${ok} ok, ${drifted} drifted${unreadable ? `, ${unreadable} unreadable` : ''}`;
    io.stdout.write(`${drifted || unreadable ? paint('red', summary) : paint('green', summary)}\n`);
  }
  return unreadable > 0 ? 2 : drifted > 0 ? 1 : 0;
}
