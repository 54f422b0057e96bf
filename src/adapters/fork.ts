import { dirname, relative, resolve } from 'node:path';
import type { Event } from '../domain/events.js';
import { forkIndex, liveEvents } from '../domain/fork-events.js';
import type { Recording, TaskSource } from '../domain/recording.js';
import { shownFlagValue, UserError } from '../errors.js';
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
 * again, instead of the user answering a goodbye). `command` names the command in a bad --at's line.
 */
export function forkPoint(file: string, atText: string | undefined, loaded?: Recording, command = 'play'): ForkPoint {
  const rec = loaded ?? readRecording(file);
  const live = liveEvents(rec.events);
  const last = rec.events.findLast((e) => e.type !== 'end')?.seq ?? 0;
  const asked = atText === undefined ? last : /^\d{1,15}$/.test(atText) ? Number(atText) : Number.NaN;
  if (!Number.isInteger(asked) || asked < 0 || asked > last) throw new UserError(`${command}: --at ${shownFlagValue(atText)}: must be a seq from 0 to ${last} in ${file}`);
  const i = forkIndex(rec.events, live, atText === undefined ? null : asked);
  const at = live[i]?.seq ?? asked;
  return { rec, file, at, prefix: live.slice(0, i + 1) };
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
