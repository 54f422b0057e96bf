import type { Event, NewEvent } from '../domain/events.js';
import { detectAsks, detectReveals } from '../domain/messages.js';
import type { Recording, SessionResult } from '../domain/recording.js';
import type { Task } from '../domain/task.js';
import { SessionLog } from './session-log.js';
import { finishSession } from './run-session.js';

export interface Rescored {
  events: Event[];
  result: SessionResult;
  /** `+item` for a new hit, `-item` for a lost one. */
  changes: string[];
}

/**
 * Re-runs `task`'s rubric over what the roles did in a recording, without running any role or tool:
 * old hits are dropped, reveals and asks are detected again with today's facts, and hits are earned anew.
 */
export async function rescoreRecording(rec: Recording, task: Task): Promise<Rescored> {
  const log = new SessionLog(task);
  let first = true;
  for (const e of rec.events) {
    if (e.type === 'rubric_hit' || e.type === 'end') continue;
    const { seq: _seq, ...rest } = e;
    let next: NewEvent = rest;
    if (rest.type === 'user_message') next = { ...rest, reveals: first ? [] : detectReveals(task, rest.text) };
    if (rest.type === 'agent_message') next = { ...rest, asks: detectAsks(task, rest.text).map((f) => f.id) };
    if (rest.type === 'user_message') first = false;
    log.append(next);
  }
  const result = await finishSession(log, rec.result?.end ?? 'aborted');
  const before = new Set(rec.result?.hits.map((h) => h.item) ?? []);
  const after = new Set(result.hits.map((h) => h.item));
  const changes = [...[...after].filter((i) => !before.has(i)).map((i) => `+${i}`), ...[...before].filter((i) => !after.has(i)).map((i) => `-${i}`)];
  return { events: [...log.events], result, changes };
}
