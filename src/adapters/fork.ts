import { dirname, relative, resolve } from 'node:path';
import type { Event } from '../domain/events.js';
import type { Recording, TaskSource } from '../domain/recording.js';
import { UserError } from '../errors.js';
import { readRecording } from './recording-file.js';

/** A fork's starting point: the recording, its task, and the events up to and including `at`. */
export interface ForkPoint {
  rec: Recording;
  file: string;
  at: number;
  prefix: Event[];
}

/**
 * Reads `--from REC --at SEQ`. The fork point moves forward over what SEQ already set in motion: a
 * tool call's result, and the rubric hits that follow. Without --at: the last live event, or, when the
 * agent finished with a closing message, the event before that message (so the fork's agent acts
 * again, instead of the user answering a goodbye).
 */
export function forkPoint(file: string, atText: string | undefined, loaded?: Recording): ForkPoint {
  const rec = loaded ?? readRecording(file);
  const live = liveEvents(rec.events);
  const last = rec.events.findLast((e) => e.type !== 'end')?.seq ?? 0;
  const asked = atText === undefined ? last : /^\d{1,15}$/.test(atText) ? Number(atText) : Number.NaN;
  if (!Number.isInteger(asked) || asked < 0 || asked > last) throw new UserError(`--at ${atText}: must be a seq from 0 to ${last} in ${file}`);
  const i = forkIndex(rec.events, live, atText === undefined ? null : asked);
  const at = live[i]?.seq ?? asked;
  return { rec, file, at, prefix: live.slice(0, i + 1) };
}

/** The seq a fork without --at starts after (what the viewer's f on the `end` event uses), or null. */
export function defaultForkSeq(events: readonly Event[]): number | null {
  const live = liveEvents(events);
  return live[forkIndex(events, live, null)]?.seq ?? null;
}

/** Index in `live` of the last event a fork keeps, for a seq asked for (null: the default). */
function forkIndex(events: readonly Event[], live: readonly Event[], asked: number | null): number {
  // A seq in the parent's ending forks from the last live event before it.
  let i = asked === null ? live.length - 1 : live.findLastIndex((e) => e.seq <= asked);
  if (asked === null && events.some((e) => e.type === 'end' && e.reason === 'agent_finished')) {
    let j = live.length - 1;
    while (j > 0 && live[j]!.type === 'rubric_hit') j--;
    if (live[j]?.type === 'agent_message') i = j - 1;
  }
  const start = live[i];
  if (start?.type === 'tool_call') {
    const result = live.findIndex((e) => e.type === 'tool_result' && e.callId === start.callId);
    if (result > i) i = result;
  }
  while (live[i + 1]?.type === 'rubric_hit') i++;
  return i;
}

/**
 * The events of the session as it went, without how it was closed: the `end` event, and before it the
 * settlement (hits for `world` items, earned on the final world and so without an `at`, and the notes
 * of world checks and the judge). A fork goes on from a live session; its own end settles again.
 */
function liveEvents(events: readonly Event[]): Event[] {
  const end = events.findIndex((e) => e.type === 'end');
  if (end < 0) return [...events];
  let cut = end;
  while (cut > 0) {
    const e = events[cut - 1]!;
    if ((e.type === 'rubric_hit' && e.at === undefined) || e.type === 'note') cut--;
    else break;
  }
  return events.slice(0, cut);
}

/** A fork's task source, rebased from the parent's folder onto the fork's. */
export function forkSource(fork: ForkPoint, file: string): TaskSource | undefined {
  const src = fork.rec.taskSource;
  if (!src || 'bundled' in src) return src;
  return { file: relative(dirname(resolve(file)), resolve(dirname(fork.file), src.file)) };
}

/** The `parent` link of a fork saved at `file`. */
export function parentLink(fork: ForkPoint, file: string): { id: string; file: string; at: number } {
  return { id: fork.rec.id, file: relative(dirname(resolve(file)), resolve(fork.file)), at: fork.at };
}
