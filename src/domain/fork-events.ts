import type { Event } from './events.js';

/** The seq a fork without --at starts after (what the viewer's f on the `end` event uses), or null. */
export function defaultForkSeq(events: readonly Event[]): number | null {
  const live = liveEvents(events);
  return live[forkIndex(events, live, null)]?.seq ?? null;
}

/** Index in `live` of the last event a fork keeps, for a seq asked for (null: the default). */
export function forkIndex(events: readonly Event[], live: readonly Event[], asked: number | null): number {
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
export function liveEvents(events: readonly Event[]): Event[] {
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

/** The agent's moves in a fork's prefix (a script step is one: a message, a call or the finish). */
export function agentMoves(prefix: readonly Event[] | undefined): number {
  return (prefix ?? []).filter((e) => e.type === 'tool_call' || e.type === 'agent_message').length;
}
