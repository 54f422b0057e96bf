import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/domain/events.js';
import { agentMoves, defaultForkSeq, forkIndex, liveEvents } from '../../src/domain/fork-events.js';
import { agent, call, ok, sequence, user } from '../helpers/events.js';

const hit = (item: string, at?: number): NewEvent => (at === undefined ? { type: 'rubric_hit', item, kind: 'subgoal' } : { type: 'rubric_hit', item, kind: 'subgoal', at });
const note = (text: string): NewEvent => ({ type: 'note', level: 'info', text });
const end = (reason: 'agent_finished' | 'user_stopped' | 'max_turns'): NewEvent => ({ type: 'end', reason });

describe('liveEvents', () => {
  it('drops the end and the settlement before it (hits without `at`, notes), not the hits earned along the way', () => {
    const events = sequence([user('hi'), agent('bye'), hit('said', 1), note('world check'), hit('world-item'), end('agent_finished')]);
    expect(liveEvents(events).map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it('a log without an end is live as it is (a copy)', () => {
    const events = sequence([user('hi'), note('x')]);
    const live = liveEvents(events);
    expect(live).toEqual(events);
    expect(live).not.toBe(events);
  });

  it('an end right away leaves nothing', () => {
    expect(liveEvents(sequence([end('max_turns')]))).toEqual([]);
  });
});

describe('forkIndex and defaultForkSeq', () => {
  // 0 user, 1 agent?, 2 user reveals, 3 hit@2, 4 call, 5 result, 6 hit@5, 7 agent finishes, 8 hit@7, 9 end
  const events = sequence([user('hi'), agent('which?'), user('A-1'), hit('asks', 2), call('c1', 'refund', {}), ok('c1'), hit('refunded', 5), agent('done'), hit('said', 7), end('agent_finished')]);
  const live = liveEvents(events);
  const at = (asked: number | null): number | undefined => live[forkIndex(events, live, asked)]?.seq;

  it.each<[number | null, number]>([
    [0, 0],
    [1, 1],
    [2, 3], // a fork keeps the hits its last event earned
    [4, 6], // a call keeps its result (and the result's hits)
    [5, 6],
    [7, 8],
    [100, 8], // past the end: the last live event
    [null, 6], // default, after an agent that finished: before its closing message, so the agent acts again
  ])('asked %j → keeps through seq %d', (asked, seq) => expect(at(asked)).toBe(seq));

  it('default when the session did not end by the agent: the last live event', () => {
    const stopped = sequence([user('hi'), agent('which?'), user('bye'), end('user_stopped')]);
    expect(defaultForkSeq(stopped)).toBe(2);
    expect(defaultForkSeq(events)).toBe(6);
  });

  it('default of an empty log is null', () => {
    expect(defaultForkSeq([])).toBeNull();
  });
});

describe('agentMoves', () => {
  it.each<[NewEvent[] | undefined, number]>([
    [undefined, 0],
    [[], 0],
    [[user('hi'), agent('a'), call('c', 't', {}), ok('c'), call('d', 't', {}), hit('x', 1), note('n')], 3],
  ])('%j → %d', (events, n) => expect(agentMoves(events === undefined ? undefined : sequence(events))).toBe(n));
});
