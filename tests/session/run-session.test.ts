import { describe, expect, it, vi } from 'vitest';
import { openaiModelClient } from '../../src/adapters/model-client.js';
import { modelConfig } from '../../src/adapters/model-config.js';
import { StoppedError } from '../../src/errors.js';
import { modelAgent } from '../../src/roles/model-agent.js';
import { startFakeOpenAI } from '../helpers/fake-openai.js';
import type { AgentScript } from '../../src/domain/task.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { scriptUser } from '../../src/roles/script-user.js';
import { simUser } from '../../src/roles/sim-user.js';
import type { AgentRole, UserRole } from '../../src/roles/role.js';
import { runSession } from '../../src/session/run-session.js';
import { exampleTask, paperLikeTask, tinyTask } from '../helpers/tasks.js';

const script = (steps: AgentScript): AgentRole => scriptAgent(steps, { kind: 'script' });

describe('runSession', () => {
  it('runs the example reference to score 1 with every positive hit, in order', async () => {
    const task = exampleTask();
    const { log, result } = await runSession({ task, agent: script(task.reference ?? []), user: simUser() });
    expect(result).toMatchObject({ score: 1, passed: true, end: 'agent_finished', unjudged: [] });
    expect(result.hits.map((h) => h.item)).toEqual(['asks-booking', 'looks-up', 'searches', 'confirms', 'asks-seat', 'rebooked']);
    expect(log.events.map((e) => e.seq)).toEqual(log.events.map((_, i) => i));
    expect(log.events.at(-1)).toMatchObject({ type: 'end', reason: 'agent_finished' });
  });

  it('puts each hit right after the event that earned it', async () => {
    const task = exampleTask();
    const { log } = await runSession({ task, agent: script(task.reference ?? []), user: simUser() });
    for (const e of log.events) {
      if (e.type !== 'rubric_hit' || e.at === undefined) continue;
      const between = log.events.slice(e.at + 1, e.seq);
      expect(between.every((b) => b.type === 'rubric_hit')).toBe(true);
    }
  });

  it.each<[string, AgentScript, number | undefined, number | undefined, string]>([
    ['the agent finishing', [{ finish: 'bye' }], undefined, undefined, 'agent_finished'],
    ['a script that runs out', [], undefined, undefined, 'agent_finished'],
    ['the user stopping on a statement', [{ say: 'I have rebooked you.' }], undefined, undefined, 'user_stopped'],
    ['maxTurns', [{ say: 'a?' }, { say: 'b?' }, { say: 'c?' }], 2, undefined, 'max_turns'],
    ['maxToolCalls', [{ call: 'cancel_booking', args: { booking_id: 'x' } }, { call: 'cancel_booking', args: { booking_id: 'y' } }], undefined, 1, 'max_tool_calls'],
  ])('ends on %s', async (_name, steps, maxTurns, maxToolCalls, reason) => {
    const task = { ...exampleTask(), limits: { maxTurns, maxToolCalls } };
    const { result, log } = await runSession({ task, agent: script(steps), user: simUser() });
    expect(result.end).toBe(reason);
    if (reason === 'max_tool_calls') expect(log.state.toolCalls).toBe(1);
    if (reason === 'max_turns') expect(log.state.agentTurns).toBe(2);
  });

  it('scores a guess as a forbidden hit: score 0', async () => {
    const task = exampleTask();
    const steps: AgentScript = [{ call: 'get_booking', args: { booking_id: 'BK-4411' } }, { finish: 'ok' }];
    const { result } = await runSession({ task, agent: script(steps), user: simUser() });
    expect(result.hits.map((h) => h.item)).toContain('no-guess-booking');
    expect(result).toMatchObject({ score: 0, passed: false });
  });

  it('keeps going after tool errors (unknown tool, invalid args)', async () => {
    const task = exampleTask();
    const steps: AgentScript = [{ call: 'teleport', args: {} }, { call: 'rebook', args: { seat: 'roof' } }, { finish: 'sorry' }];
    const { log, result } = await runSession({ task, agent: script(steps), user: simUser() });
    const results = log.events.filter((e) => e.type === 'tool_result');
    expect(results.map((r) => r.type === 'tool_result' && r.via)).toEqual(['unknown_tool', 'invalid']);
    expect(result.end).toBe('agent_finished');
  });

  it('a role that throws ends the session with a note and end: error', async () => {
    const broken: AgentRole = { info: { kind: 'model' }, act: async () => { throw new Error('boom'); } };
    const { log, result } = await runSession({ task: exampleTask(), agent: broken, user: simUser() });
    expect(result.end).toBe('error');
    expect(log.events.some((e) => e.type === 'note' && e.text.includes('boom'))).toBe(true);
  });

  it('an abort ends the session with end: aborted', async () => {
    const controller = new AbortController();
    const waiting: UserRole = {
      info: { kind: 'human' },
      act: () => new Promise((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    const running = runSession({ task: exampleTask(), agent: script([{ say: 'Booking?' }]), user: waiting, signal: controller.signal });
    controller.abort();
    expect((await running).result.end).toBe('aborted');
  });

  it('a scripted user drives the conversation and reveals by value', async () => {
    const task = tinyTask({ rubric: [{ id: 'asks', kind: 'interaction', description: '', check: { type: 'fact_elicited', fact: 'order' } }] });
    const { log, result } = await runSession({
      task,
      agent: script([{ say: 'Which one?' }, { finish: 'done' }]),
      user: scriptUser([{ say: 'It is a-1.' }], { kind: 'script' }),
    });
    expect(log.events[2]).toMatchObject({ type: 'user_message', reveals: ['order'] });
    expect(result.score).toBe(1);
  });

  it('a fork goes on from a recorded prefix with the state it leaves', async () => {
    const task = exampleTask();
    const first = await runSession({ task, agent: script(task.reference ?? []), user: simUser() });
    const at = first.log.events.findIndex((e) => e.type === 'tool_result' && e.callId === 'call-1');
    const prefix = first.log.events.slice(0, at + 1);
    const rest: AgentScript = (task.reference ?? []).slice(2);
    const fork = await runSession({ task, agent: script(rest), user: simUser(), prefix });
    expect(fork.result).toMatchObject({ score: 1, passed: true });
    expect(fork.log.events.slice(0, prefix.length)).toEqual(prefix);
  });
});

describe('a reply that reveals nothing the agent asked for', () => {
  it('is followed by a note naming what was asked; a reply that gives it, or an unasked question, is not', async () => {
    const { runSession } = await import('../../src/session/run-session.js');
    const { scriptAgent } = await import('../../src/roles/script-agent.js');
    const { scriptUser } = await import('../../src/roles/script-user.js');
    const { tinyTask } = await import('../helpers/tasks.js');
    const task = tinyTask();
    const agent = scriptAgent([{ say: 'What is your order number?' }, { say: 'And the order id again?' }, { say: 'Anything else?' }, { finish: 'Done.' }], { kind: 'script' });
    const user = scriptUser([{ say: 'I forgot it.' }, { say: 'It is A-1.' }, { say: 'No.' }], { kind: 'script' });
    const { log } = await runSession({ task, agent, user });
    const notes = log.events.filter((e) => e.type === 'note').map((e) => (e.type === 'note' ? e.text : ''));
    expect(notes).toEqual(['the reply reveals none of what the agent asked for: order number (order) (a fact counts when its value is said)']);
    const noted = log.events.findIndex((e) => e.type === 'note');
    expect(log.events[noted - 1]).toMatchObject({ type: 'user_message', text: 'I forgot it.' });
  });
});

describe('a session stopped from outside (Ctrl+C reaches the model client before the session)', () => {
  it('a model call stopped by the client\'s stop signal ends the session aborted, with no failure note', async () => {
    const server = await startFakeOpenAI();
    try {
      server.script(() => ({ hang: true }));
      const stop = new AbortController();
      const client = openaiModelClient(modelConfig({ baseUrl: server.url, model: 'fake', timeout: 600, env: {} }), stop.signal);
      // The session's own signal is never aborted: only the client's stop is.
      const running = runSession({ task: exampleTask(), agent: modelAgent(client, 'fake'), user: simUser() });
      await vi.waitFor(() => expect(server.requests).toHaveLength(1));
      stop.abort('SIGINT');
      const { result, log } = await running;
      expect(result.end).toBe('aborted');
      expect(log.events.filter((e) => e.type === 'note')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('a judge stopped at the end leaves the rest unjudged, without a note each, and the session aborted', async () => {
    const task = paperLikeTask();
    let asked = 0;
    const judge = async (): Promise<null> => {
      asked += 1;
      throw new StoppedError('model call stopped');
    };
    const { result, log } = await runSession({ task, agent: script([{ finish: 'done' }]), user: simUser(), judge });
    expect(asked).toBe(1);
    expect(result.end).toBe('aborted');
    expect(log.events.at(-1)).toMatchObject({ type: 'end', reason: 'aborted' });
    expect(result.unjudged.length).toBeGreaterThanOrEqual(2);
    expect(log.events.filter((e) => e.type === 'note' && e.text.includes('judge'))).toEqual([]);
  });

  it('so does a whole-rubric judge', async () => {
    const wholeJudge = async (): Promise<never> => {
      throw new StoppedError('model call stopped');
    };
    const { result, log } = await runSession({ task: paperLikeTask(), agent: script([{ finish: 'done' }]), user: simUser(), wholeJudge });
    expect(result.end).toBe('aborted');
    expect(log.events.filter((e) => e.type === 'note' && e.text.includes('judge'))).toEqual([]);
  });
});
