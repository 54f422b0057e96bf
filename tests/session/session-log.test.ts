import { describe, expect, it } from 'vitest';
import type { Event } from '../../src/domain/events.js';
import { settleWorldChecks } from '../../src/domain/score.js';
import { SessionLog } from '../../src/session/session-log.js';
import { agent, call, ok, sequence, user } from '../helpers/events.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

const task = tinyTask({
  rubric: [
    { id: 'asks-order', kind: 'interaction', description: 'asks', check: { type: 'fact_elicited', fact: 'order' } },
    { id: 'refunded', kind: 'subgoal', description: 'refunds', check: { type: 'world', query: 'refunded = "A-1"' } },
    { id: 'said-bye', kind: 'subgoal', description: 'bye', check: { type: 'said', pattern: 'bye', role: 'agent' } },
  ],
});

describe('SessionLog', () => {
  it('starts empty, at seq 0, with the task\'s initial state', () => {
    const log = new SessionLog(task);
    expect(log.events).toEqual([]);
    expect(log.state.nextSeq).toBe(0);
    expect(log.task).toBe(task);
  });

  it('append gives seqs in order and returns the stored event', () => {
    const log = new SessionLog(task);
    const a = log.append(user('hi'));
    const b = log.append(agent('hello'));
    expect([a.seq, b.seq]).toEqual([0, 1]);
    expect(log.events).toEqual([a, b]);
  });

  it('an event that earns an item is followed at once by its hit, pointing back at it', () => {
    const log = new SessionLog(task);
    log.append(user('hi'));
    const reveal = log.append(user('my order is A-1', ['order']));
    expect(log.events.slice(reveal.seq + 1)).toEqual([{ type: 'rubric_hit', item: 'asks-order', kind: 'interaction', at: reveal.seq, seq: reveal.seq + 1 }]);
    const bye = log.append(agent('bye now'));
    expect(log.events.at(-1)).toMatchObject({ type: 'rubric_hit', item: 'said-bye', at: bye.seq });
  });

  it('an event that earns nothing is followed by nothing; an item is hit once', () => {
    const log = new SessionLog(task);
    log.append(user('hi')); // the opening message (the task's instruction) earns nothing
    log.append(user('my order is A-1', ['order']));
    const before = log.events.length;
    log.append(user('A-1 again', ['order']));
    expect(log.events.length).toBe(before + 1);
  });

  it('subscribers see every stored event, hits included, with the state after it; unsubscribing stops that', () => {
    const log = new SessionLog(task);
    const seen: string[] = [];
    log.append(user('hi'));
    const stop = log.subscribe((e, state) => seen.push(`${e.seq}:${e.type}:${state.nextSeq}`));
    log.append(user('order A-1', ['order']));
    stop();
    log.append(agent('x'));
    expect(seen).toEqual(['1:user_message:2', '2:rubric_hit:3']);
  });

  it('appendHits without `at`: the hits of items settled at the end (world checks), once', () => {
    const log = new SessionLog(task);
    log.append(user('hi'));
    log.append(call('c1', 'refund', { order_id: 'A-1' }));
    log.append(ok('c1'));
    const count = log.events.length;
    log.appendHits();
    expect(log.events.length).toBe(count); // nothing satisfied yet: nothing appended
    log.settle((s) => settleWorldChecks(s, new Map([['1', true]])));
    log.appendHits();
    expect(log.events.slice(count)).toEqual([{ type: 'rubric_hit', item: 'refunded', kind: 'subgoal', seq: count }]);
    log.appendHits();
    expect(log.events.length).toBe(count + 1);
  });

  it('settle replaces the state without an event', () => {
    const log = new SessionLog(task);
    log.append(user('hi'));
    const events = [...log.events];
    log.settle((s) => ({ ...s, turn: 'user' }));
    expect(log.state.turn).toBe('user');
    expect(log.events).toEqual(events);
  });

  it('restore keeps recorded events as they are, then adds the hits they earned but did not hold', () => {
    const recorded: Event[] = sequence([user('hi'), agent('what is your order?'), user('A-1', ['order'])]);
    const log = new SessionLog(task);
    log.restore(recorded);
    expect(log.events.slice(0, 3)).toEqual(recorded);
    expect(log.events.slice(3)).toEqual([{ type: 'rubric_hit', item: 'asks-order', kind: 'interaction', at: 2, seq: 3 }]);
    expect(log.state.nextSeq).toBe(4);
  });

  it('restore of events that hold their hits adds none; an empty restore adds nothing', () => {
    const first = new SessionLog(exampleTask());
    first.append(user('hi'));
    first.append(user('It is BK-4411', ['booking_id']));
    const again = new SessionLog(exampleTask());
    again.restore(first.events);
    expect(again.events).toEqual(first.events);
    const empty = new SessionLog(exampleTask());
    empty.restore([]);
    expect(empty.events).toEqual([]);
  });
});
