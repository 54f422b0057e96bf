import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import type { Event } from '../domain/events.js';
import { EVENT_VALUE_DEPTH, type Recording, RECORDING_FORMAT, type SessionResult } from '../domain/recording.js';
import { UserError } from '../errors.js';
import { formatPath, MAX_NESTING } from '../domain/json.js';
import { Recording as RecordingSchema, StoredResult } from '../domain/recording.js';
import { completeResult } from '../domain/score.js';
import { validateTaskOnce } from '../domain/validate-task.js';
import type { Task } from '../domain/task.js';
import { z } from 'zod';
import { refuseDeepNesting } from './json-file.js';
import { readTextFile, writeFileAtomic, writeTarget } from './files.js';

export type RecordingHeader = Omit<Recording, 'format' | 'events' | 'result' | 'complete'>;

/**
 * A recording file written as the session goes (SPEC §4). The file is always one valid JSON document:
 * each event is one line, written together with the closing tail in a single positioned write, so the
 * cost of an event does not grow with the session and a killed process leaves a file that loads
 * (`complete: false`, every event up to the last one written).
 */
export class RecordingWriter {
  private fd: number;
  private tailAt: number;
  private count = 0;

  private constructor(readonly file: string, fd: number, tailAt: number) {
    this.fd = fd;
    this.tailAt = tailAt;
  }

  /**
   * Creates the file atomically holding the header and no events (a symlink writes its target); a
   * device or pipe (/dev/null, a FIFO) is written in place, as writeFileAtomic does.
   */
  static create(file: string, header: RecordingHeader): RecordingWriter {
    const head = headLine(header);
    const { path, stat } = writeTarget(file);
    if (stat && !stat.isFile()) {
      const fd = openSync(path, 'w');
      try {
        writeSync(fd, head + tail(null, false));
      } catch (err) {
        closeSync(fd);
        throw err;
      }
      return new RecordingWriter(file, fd, Buffer.byteLength(head));
    }
    writeFileAtomic(path, head + tail(null, false));
    return new RecordingWriter(file, openSync(path, 'r+'), Buffer.byteLength(head));
  }

  /** Appends events; one write call per batch, whatever the length of the session so far. */
  append(events: readonly Event[]): void {
    if (events.length === 0) return;
    const body = eventLines(events, this.count);
    this.count += events.length;
    const bytes = Buffer.from(body + tail(null, false));
    writeSync(this.fd, bytes, 0, bytes.length, this.tailAt);
    this.tailAt += Buffer.byteLength(body);
  }

  /** Writes the result, marks the recording complete, syncs and closes. */
  finish(result: SessionResult | null, complete = true): void {
    const bytes = Buffer.from(tail(result, complete));
    writeSync(this.fd, bytes, 0, bytes.length, this.tailAt);
    if (fstatSync(this.fd).isFile()) {
      ftruncateSync(this.fd, this.tailAt + bytes.length);
      fsyncSync(this.fd);
    }
    closeSync(this.fd);
    this.fd = -1;
  }

  get closed(): boolean {
    return this.fd < 0;
  }
}

function tail(result: SessionResult | null, complete: boolean): string {
  return `\n],"result":${JSON.stringify(result)},"complete":${complete}}\n`;
}

function headLine(header: RecordingHeader): string {
  return `${JSON.stringify({ format: RECORDING_FORMAT, ...header }).slice(0, -1)},"events":[`;
}

/** Events as the writer lays them out: one a line, each after the first led by a comma. */
function eventLines(events: readonly Event[], before: number): string {
  return events.map((e, i) => `${before + i === 0 ? '' : ','}\n${JSON.stringify(e)}`).join('');
}

/**
 * Writes a whole recording at once (rescore --write, replay --update), in the writer's layout: the new
 * file is complete and synced before it replaces the old one, so a kill leaves one or the other.
 */
export function writeRecording(file: string, recording: Recording): void {
  const { format: _f, events, result, complete, ...header } = recording;
  writeFileAtomic(file, headLine(header) + eventLines(events, 0) + tail(result, complete));
}

/**
 * Reads and validates a recording. A file cut short by a crash mid-write is recovered up to its last
 * whole event line (and marked incomplete); anything else that is wrong is a UserError naming the file.
 */
export function readRecording(file: string, maxBytes?: number): Recording {
  let text = readTextFile(file, maxBytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = recoverTruncated(text, file);
    if (raw === null) throw new UserError(`${file}: not a recording: invalid JSON`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as { format?: unknown }).format !== RECORDING_FORMAT) {
    refuseDeepNesting(file, raw);
    throw new UserError(`${file}: format: not a ${RECORDING_FORMAT} file`);
  }
  // The task is left to storedTask(): validateTask measures its depth when it is not a task seen before.
  // An event's values are as deep as a session lets them be (MAX_NESTING), inside the file's own levels.
  const { task: _task, ...shell } = raw as Record<string, unknown>;
  refuseDeepNesting(file, shell, MAX_NESTING + EVENT_VALUE_DEPTH);
  const parsed = RecordingShell.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${file}: ${issue ? `${formatPath(issue.path) || '(top)'}: ${issue.message}` : 'invalid recording'}`);
  }
  const task = storedTask(file, (raw as { task?: unknown }).task);
  // Recordings made before results carried `sections` and `rewards` get them derived from hits and rubric.
  return { ...parsed.data, task, result: parsed.data.result && completeResult(parsed.data.result, task.rubric) };
}

/** The recording without its task, which storedTask() checks (and remembers) on its own. */
const RecordingShell = RecordingSchema.extend({ task: z.unknown(), result: StoredResult.nullable() });

/**
 * The task stored in a recording, checked in full (shape, then meaning: replay and rescore may fall
 * back on it); a task equal to one checked before is not checked again.
 */
function storedTask(file: string, raw: unknown): Task {
  const checked = validateTaskOnce(raw);
  if (!checked.ok) {
    const p = checked.problems[0]!;
    throw new UserError(`${file}: task${p.path ? `.${p.path}` : ''}: ${p.message}`);
  }
  return checked.task;
}

function recoverTruncated(text: string, file: string): unknown {
  // Layout (see RecordingWriter): line 1 is the header ending in `"events":[`, then one event per line,
  // each but the last followed by a comma.
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  const marker = ',"events":[';
  if (!first.endsWith(marker)) return null;
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(`${first.slice(0, -marker.length)}}`) as Record<string, unknown>;
  } catch {
    return null;
  }
  const events: unknown[] = [];
  const lines = text.slice(newline + 1).split('\n');
  for (const [i, line] of lines.entries()) {
    const body = line.endsWith(',') ? line.slice(0, -1) : line;
    if (body.trim() === '' || body.startsWith(']')) break;
    try {
      events.push(JSON.parse(body));
    } catch {
      // Only the last line can be cut short by a crash; a bad line with more after it is corruption.
      const rest = lines.slice(i + 1).filter((l) => l.trim() !== '');
      if (rest.length > 0) throw new UserError(`${file}: events[${events.length}]: corrupt (not JSON), and not at the end of the file`);
      break;
    }
  }
  return { ...header, events, result: null, complete: false };
}
