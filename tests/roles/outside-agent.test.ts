import { describe, expect, it } from 'vitest';
import type { AgentViewItem } from '../../src/domain/agent-view.js';
import { observationItems, OutsideAgent, SessionOverError } from '../../src/roles/outside-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { exampleTask } from '../helpers/tasks.js';

/** An outside agent in a running session (as serve plays one), closed when the session ends. */
function play() {
  const task = exampleTask();
  const agent = new OutsideAgent({ kind: 'http', client: 'trainer/1' });
  const session = runSession({ task, agent, user: simUser() }).then((out) => (agent.close(task, out.log.events, out.result), out));
  return { agent, session, task };
}

describe('OutsideAgent', () => {
  it('the opening is the user\'s first message; each step answers with what came back', async () => {
    const { agent, session } = play();
    expect(await agent.opening()).toEqual({ items: [{ type: 'user_message', text: exampleTask().instruction }], done: false, result: null });
    const asked = await agent.step({ type: 'say', text: 'What is your booking reference?' });
    expect(asked.items).toEqual([{ type: 'user_message', text: expect.stringContaining('BK-4411') }]);
    const looked = await agent.step({ type: 'call', tool: 'get_booking', args: { booking_id: 'BK-4411' } });
    expect(looked.items).toEqual([{ type: 'tool_result', callId: expect.any(String), tool: 'get_booking', ok: true, result: expect.anything() }]);
    const bad = await agent.step({ type: 'call', tool: 'teleport', args: {} });
    expect(bad.items).toMatchObject([{ type: 'tool_result', tool: 'teleport', ok: false }]);
    const end = await agent.step({ type: 'finish', text: 'bye' });
    expect(end).toMatchObject({ items: [], done: true, result: { end: 'agent_finished' } });
    expect(agent.result).toEqual((await session).result);
  });

  it('a move after the end is refused with SessionOverError naming how it ended', async () => {
    const { agent, session } = play();
    await agent.opening();
    await agent.step({ type: 'finish' });
    await session;
    const err = await agent.step({ type: 'say', text: 'hello?' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionOverError);
    expect((err as SessionOverError).end).toBe('agent_finished');
    expect((err as Error).message).toBe('the session has ended (agent_finished); start a new session to play again');
  });

  it('moves sent at once are taken one after another, in the order they came', async () => {
    const { agent, session } = play();
    const [opening, first, second] = await Promise.all([
      agent.opening(),
      agent.step({ type: 'call', tool: 'get_booking', args: { booking_id: 'BK-0001' } }),
      agent.step({ type: 'call', tool: 'get_booking', args: { booking_id: 'BK-4411' } }),
    ]);
    expect(opening.items).toHaveLength(1);
    expect(first.items).toHaveLength(1);
    expect(second.items).toHaveLength(1);
    const calls = (await agent.step({ type: 'finish' }), (await session).log.events.filter((e) => e.type === 'tool_call'));
    expect(calls.map((e) => e.type === 'tool_call' && (e.args as { booking_id: string }).booking_id)).toEqual(['BK-0001', 'BK-4411']);
  });

  it('an aborted session rejects the waiting act', async () => {
    const agent = new OutsideAgent({ kind: 'mcp' });
    const controller = new AbortController();
    const acting = agent.act({ items: [] }, { signal: controller.signal });
    controller.abort();
    await expect(acting).rejects.toThrow('aborted');
    await expect(agent.act({ items: [] }, { signal: AbortSignal.abort() })).rejects.toThrow('aborted');
  });
});

describe('observationItems', () => {
  const all: AgentViewItem[] = [
    { kind: 'user', text: 'hi' },
    { kind: 'agent', text: 'checking' },
    { kind: 'tool_call', callId: 'c1', tool: 'lookup', args: {} },
    { kind: 'tool_result', callId: 'c1', ok: true, result: { a: 1 } },
    { kind: 'tool_result', callId: 'c2', ok: false, error: 'no' },
    { kind: 'tool_result', callId: 'c3', ok: true },
  ];
  it('user messages and tool results only (never the agent\'s own moves), each result naming its tool', () => {
    expect(observationItems(all, all)).toEqual([
      { type: 'user_message', text: 'hi' },
      { type: 'tool_result', callId: 'c1', tool: 'lookup', ok: true, result: { a: 1 } },
      { type: 'tool_result', callId: 'c2', tool: '', ok: false, error: 'no' }, // no call seen: no name
      { type: 'tool_result', callId: 'c3', tool: '', ok: true, result: null }, // no result: null
    ]);
  });

  it('nothing fresh: nothing', () => expect(observationItems([], all)).toEqual([]));
});
