import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/domain/events.js';
import type { Check } from '../../src/domain/task.js';
import { agent, call, fail, ok, reduce, user } from '../helpers/events.js';
import { tinyTask } from '../helpers/tasks.js';

const withCheck = (check: Check) => tinyTask({ rubric: [{ id: 'x', kind: 'subgoal', description: 'x', check }] });
const satisfied = (check: Check, events: NewEvent[]): boolean => reduce(withCheck(check), events).satisfied.has('0');

const opening = user('Please help me with my order.');

describe('rubric checks, evaluated event by event', () => {
  it.each<[string, Check, NewEvent[], boolean]>([
    ['tool_called: matching call that succeeded', { type: 'tool_called', tool: 'refund' }, [opening, call('c1', 'refund', { order_id: 'A-1' }), ok('c1')], true],
    ['tool_called: call not yet answered', { type: 'tool_called', tool: 'refund' }, [opening, call('c1', 'refund', { order_id: 'A-1' })], false],
    ['tool_called: call that failed', { type: 'tool_called', tool: 'refund' }, [opening, call('c1', 'refund', {}), fail('c1')], false],
    ['tool_called: partial args match, trimmed and case-insensitive', { type: 'tool_called', tool: 'refund', args: { order_id: ' a-1 ' } }, [opening, call('c1', 'refund', { order_id: 'A-1', method: 'card' }), ok('c1')], true],
    ['tool_called: args differ', { type: 'tool_called', tool: 'refund', args: { order_id: 'A-2' } }, [opening, call('c1', 'refund', { order_id: 'A-1' }), ok('c1')], false],
    ['tool_called: other tool', { type: 'tool_called', tool: 'refund' }, [opening, call('c1', 'delete_account', {}), ok('c1')], false],
    ['tool_called ok:false: any such call, even a failed one', { type: 'tool_called', tool: 'delete_account', ok: false }, [opening, call('c1', 'delete_account', {}), fail('c1')], true],
    ['tool_called ok:false: nothing called', { type: 'tool_called', tool: 'delete_account', ok: false }, [opening, agent('Hello?')], false],
    ['fact_elicited: revealed after the instruction', { type: 'fact_elicited', fact: 'order' }, [opening, agent('Order number?', ['order']), user('A-1', ['order'])], true],
    ['fact_elicited: in the instruction does not count', { type: 'fact_elicited', fact: 'order' }, [user('Order A-1 please', ['order'])], false],
    ['fact_elicited: another fact revealed', { type: 'fact_elicited', fact: 'order' }, [opening, user('card', ['method'])], false],
    ['acted_before_eliciting: param set before reveal', { type: 'acted_before_eliciting', fact: 'order' }, [opening, call('c1', 'refund', { order_id: 'A-1' })], true],
    ['acted_before_eliciting: param set after reveal', { type: 'acted_before_eliciting', fact: 'order' }, [opening, user('A-1', ['order']), call('c1', 'refund', { order_id: 'A-1' })], false],
    ['acted_before_eliciting: call without the param', { type: 'acted_before_eliciting', fact: 'order' }, [opening, call('c1', 'delete_account', {})], false],
    ['said: agent message matches (case-insensitive)', { type: 'said', pattern: 'refund(ed)? done' }, [opening, agent('REFUNDED DONE')], true],
    ['said: user message does not count for the agent', { type: 'said', pattern: 'order' }, [opening], false],
    ['said role user: the instruction counts', { type: 'said', pattern: 'my order', role: 'user' }, [opening], true],
    ['asked_more_than 1: two questions', { type: 'asked_more_than', n: 1 }, [opening, agent('a?'), user('x'), agent('b?')], true],
    ['asked_more_than 1: one question and a statement', { type: 'asked_more_than', n: 1 }, [opening, agent('a?'), user('x'), agent('b.')], false],
    ['any: one branch is enough', { type: 'any', of: [{ type: 'said', pattern: 'zzz' }, { type: 'said', pattern: 'hello' }] }, [opening, agent('hello')], true],
    ['all: needs every branch', { type: 'all', of: [{ type: 'said', pattern: 'one' }, { type: 'said', pattern: 'two' }] }, [opening, agent('one')], false],
    ['all: branches met by different events latch', { type: 'all', of: [{ type: 'said', pattern: 'one' }, { type: 'said', pattern: 'two' }] }, [opening, agent('one'), user('ok'), agent('two')], true],
    ['world: never from events (settled at the end)', { type: 'world', query: 'true' }, [opening, agent('x')], false],
    ['judge: never without a judge', { type: 'judge', criterion: 'polite' }, [opening, agent('x')], false],
    ['nothing happens: no events', { type: 'said', pattern: '.*' }, [], false],
  ])('%s', (_name, check, events, expected) => {
    expect(satisfied(check, events)).toBe(expected);
  });
});

describe('reducer', () => {
  const task = tinyTask();

  it('starts from the task world with nothing revealed', () => {
    const s = reduce(task, []);
    expect(s).toMatchObject({ nextSeq: 0, world: { refunded: null }, agentTurns: 0, toolCalls: 0, ended: null, turn: 'agent' });
    expect(s.revealed.size).toBe(0);
  });

  it.each<[string, NewEvent[], Record<string, unknown>]>([
    ['counts agent turns and questions', [opening, agent('a?'), user('x'), agent('b')], { agentTurns: 2, questions: 1, turn: 'user' }],
    ['counts tool calls and clears pending on result', [opening, call('c1', 'refund', {}), ok('c1')], { toolCalls: 1, pending: {}, turn: 'agent' }],
    ['a tool result carrying a world replaces the world', [opening, call('c1', 'refund', {}), { ...ok('c1'), world: { refunded: 'A-1' } } as NewEvent], { world: { refunded: 'A-1' } }],
    ['a tool result without a world keeps it', [opening, call('c1', 'refund', {}), ok('c1')], { world: { refunded: null } }],
    ['end records the reason', [opening, { type: 'end', reason: 'user_stopped' }], { ended: 'user_stopped' }],
    ['a note changes nothing but the seq', [opening, { type: 'note', level: 'info', text: 'hi' }], { nextSeq: 2, agentTurns: 0 }],
  ])('%s', (_name, events, expected) => {
    expect(reduce(task, events)).toMatchObject(expected);
  });

  it('reveals only from user messages after the instruction', () => {
    expect([...reduce(task, [user('x', ['order'])]).revealed]).toEqual([]);
    expect([...reduce(task, [opening, user('A-1 by card', ['order', 'method'])]).revealed].sort()).toEqual(['method', 'order']);
  });

  it('a rubric_hit marks its item satisfied, so re-reducing a log gives the same status', () => {
    const t = withCheck({ type: 'world', query: 'true' });
    const s = reduce(t, [opening, { type: 'rubric_hit', item: 'x', kind: 'subgoal' }]);
    expect(s.satisfied.has('0')).toBe(true);
    expect(s.hits.get('x')).toBe(1);
  });

  it('does not mutate the previous state', () => {
    const before = reduce(task, [opening]);
    const snapshot = JSON.stringify({ ...before, revealed: [...before.revealed] });
    reduce(task, [opening, user('A-1', ['order'])]);
    expect(JSON.stringify({ ...before, revealed: [...before.revealed] })).toBe(snapshot);
  });
});
