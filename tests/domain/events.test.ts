import { describe, expect, it } from 'vitest';
import { EndReason, Event, Via } from '../../src/domain/events.js';

describe('Event', () => {
  it.each<[unknown, boolean]>([
    [{ seq: 0, type: 'user_message', text: 'hi', reveals: [] }, true],
    [{ seq: 1, type: 'agent_message', text: 'hi?', question: true, asks: ['booking_id'] }, true],
    [{ seq: 2, type: 'tool_call', callId: 'c1', tool: 't', args: { a: [1, { b: null }] } }, true],
    [{ seq: 3, type: 'tool_result', callId: 'c1', ok: true, result: 'x', via: 'query', world: { a: 1 } }, true],
    [{ seq: 3, type: 'tool_result', callId: 'c1', ok: false, error: 'no', via: 'default' }, true],
    [{ seq: 4, type: 'rubric_hit', item: 'x', kind: 'subgoal', at: 3 }, true],
    [{ seq: 5, type: 'end', reason: 'max_turns' }, true],
    [{ seq: 6, type: 'note', level: 'warn', text: 'slow', judge: { path: '0', criterion: 'c', verdict: true, reason: 'r' } }, true],
    [{ seq: -1, type: 'end', reason: 'aborted' }, false],
    [{ seq: 1.5, type: 'end', reason: 'aborted' }, false],
    [{ seq: 0, type: 'end', reason: 'timeout' }, false],
    [{ seq: 0, type: 'tool_result', callId: 'c', ok: true, via: 'magic' }, false],
    [{ seq: 0, type: 'rubric_hit', item: 'x', kind: 'bonus' }, false],
    [{ seq: 0, type: 'note', level: 'debug', text: 'x' }, false],
    [{ seq: 0, type: 'user_message', text: 'hi' }, false], // reveals are required
    [{ seq: 0, type: 'thought', text: 'hmm' }, false],
  ])('%j: %s', (event, ok) => expect(Event.safeParse(event).success).toBe(ok));

  it('the end reasons and the ways a tool answers, as SPEC §4 names them', () => {
    expect(EndReason.options).toEqual(['agent_finished', 'user_stopped', 'max_turns', 'max_tool_calls', 'aborted', 'error']);
    expect(Via.options).toEqual(['invalid', 'case', 'query', 'simulate', 'default', 'unknown_tool']);
  });
});
