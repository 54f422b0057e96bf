import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import { modelAgent } from '../../src/roles/model-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { replayRecording } from '../../src/session/replay.js';
import { runSession } from '../../src/session/run-session.js';
import type { Reply } from '../helpers/fake-openai.js';
import { calls, say, useFakeModel, withProgress } from '../helpers/paper.js';
import { exampleTask } from '../helpers/tasks.js';

const fake = useFakeModel();
const client = fake.client;

/** Everything the agent's model was sent, as one string. */
const sentToAgent = (): string => JSON.stringify(fake.server().requests.map((r) => r.body));

describe('model agent', () => {
  it('plays the example task to score 1 through the real SDK, seeing only what it may', async () => {
    const task = exampleTask();
    fake.server().script([
      say('Sorry to hear that. What is your booking reference?'),
      calls(['get_booking', { booking_id: 'BK-4411' }], ['search_flights', { origin: 'SFO', destination: 'DEN', date: '2026-12-03' }]),
      say('UA14 leaves at 11:45. Which seat would you like?'),
      calls(['rebook', { booking_id: 'BK-4411', flight_id: 'UA14', seat: 'aisle' }]),
      say('Done: you are now on UA14.'),
    ]);
    const { result, log } = await runSession({ task, agent: modelAgent(client(), 'fake'), user: simUser() });
    expect(result).toMatchObject({ score: 1, passed: true, end: 'user_stopped' });
    // Parallel calls: one assistant message with two tool_calls, then two tool messages.
    const third = fake.server().requests[2]!.body.messages as { role: string; tool_calls?: unknown[] }[];
    expect(third.filter((m) => m.role === 'assistant' && m.tool_calls?.length === 2)).toHaveLength(1);
    expect(third.filter((m) => m.role === 'tool')).toHaveLength(2);
    expect(fake.server().requests[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(task.tools.map((t) => t.name));
    expect(fake.server().requests[0]!.body.messages[0]).toEqual({ role: 'system', content: task.system });
    // Never the hidden side: goal, world as such, rubric, unrevealed facts (the seat before it was asked).
    const all = sentToAgent();
    expect(all).not.toContain(task.fullInstruction);
    expect(all).not.toContain('"rubric"');
    expect(all).not.toContain('Picks a seat before asking');
    expect(all).not.toContain('"world"');
    expect(JSON.stringify(fake.server().requests[0]!.body)).not.toContain('BK-4411');
    expect(JSON.stringify(fake.server().requests.slice(0, 3).map((r) => r.body))).not.toContain('aisle seat, please');
    expect(log.events.some((e) => e.type === 'tool_call' && e.callId === 'call-2')).toBe(true);
  });

  it.each<[string, Reply[], string]>([
    ['malformed argument JSON', [calls(['get_booking', '{"booking_id": ']), say('Done.')], 'not valid JSON'],
    ['an unknown tool', [calls(['teleport', {}]), say('Done.')], 'unknown tool'],
  ])('records %s as an error result the model sees, and goes on', async (_name, replies, error) => {
    fake.server().script(replies);
    const { log, result } = await runSession({ task: exampleTask(), agent: modelAgent(client(), 'fake'), user: simUser() });
    const res = log.events.find((e) => e.type === 'tool_result');
    expect(res).toMatchObject({ ok: false });
    expect(JSON.stringify(res)).toContain(error);
    expect(JSON.stringify(fake.server().requests[1]!.body.messages.at(-1))).toContain(error);
    expect(result.end).toBe('user_stopped');
  });

  it('asks again after an empty answer, with a note', async () => {
    fake.server().script([{ empty: true }, say('All done.')]);
    const { log, result } = await runSession({ task: exampleTask(), agent: modelAgent(client(), 'fake'), user: simUser() });
    expect(log.events.some((e) => e.type === 'note' && e.text.includes('empty answer'))).toBe(true);
    expect(result.end).toBe('user_stopped');
  });

  it('ends with end: error after empty answers in a row', async () => {
    fake.server().script([{ empty: true }, { empty: true }, { empty: true }]);
    const { result, log } = await runSession({ task: exampleTask(), agent: modelAgent(client(), 'fake'), user: simUser() });
    expect(result.end).toBe('error');
    expect(log.events.filter((e) => e.type === 'note').map((e) => e.type === 'note' && e.text).join('\n')).toContain('3 empty answers');
  });

  it('records a refusal as the agent message', async () => {
    fake.server().script([{ refusal: 'I cannot help with that.' }]);
    const { log } = await runSession({ task: exampleTask(), agent: modelAgent(client(), 'fake'), user: simUser() });
    expect(log.events.find((e) => e.type === 'agent_message')).toMatchObject({ text: 'I cannot help with that.' });
  });

  it("retries an HTTP 500 with the SDK's retries and leaves a note", async () => {
    fake.server().script([{ status: 500 }, say('All done.')]);
    const { log, result } = await runSession({ task: exampleTask(), agent: modelAgent(client({ retries: 1 }), 'fake'), user: simUser() });
    expect(fake.server().requests).toHaveLength(2);
    expect(log.events.some((e) => e.type === 'note' && e.text.includes('HTTP 500'))).toBe(true);
    expect(result.end).toBe('user_stopped');
  });

  it.each<[string, Reply]>([
    ['keeps failing', { status: 500 }],
    ['answers nonsense', { raw: '{not json' }],
    ['is too slow', { delayMs: 2000, then: { text: 'late' } }],
  ])('gives up with end: error when the server %s, and the key never shows', async (_name, reply) => {
    fake.server().script(() => reply);
    const { log, result } = await runSession({ task: exampleTask(), agent: modelAgent(client({ retries: 1, timeout: 0.3 }), 'fake'), user: simUser() });
    expect(result.end).toBe('error');
    const notes = JSON.stringify(log.events.filter((e) => e.type === 'note'));
    expect(notes).toContain('model call failed');
    expect(notes).not.toContain('sk-test-key-123456');
  });
});

describe('streaming, with the progress hook the TUI gives a role', () => {
  const script = (streamed: boolean): Reply[] =>
    [
      say('Sorry to hear that. What is your booking reference?'),
      calls(['get_booking', { booking_id: 'BK-4411' }], ['search_flights', { origin: 'SFO', destination: 'DEN', date: '2026-12-03' }]),
      say('UA14 leaves at 11:45. Which seat would you like?'),
      calls(['rebook', { booking_id: 'BK-4411', flight_id: 'UA14', seat: 'aisle' }]),
      say('Done: you are now on UA14.'),
    ].map((reply) => (streamed ? { stream: { pieceChars: 3 }, then: reply } : reply));

  it('a model agent streams, and the session logs the same events as without streaming', async () => {
    const task = exampleTask();
    fake.server().script(script(false));
    const plain = await runSession({ task, agent: modelAgent(client(), 'fake'), user: simUser() });
    // Headless runs ask for whole answers, as they always have.
    expect(fake.server().requests.map((r) => r.body.stream)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    fake.server().script(script(true));
    const seen: string[] = [];
    const streamed = await runSession({ task, agent: withProgress(modelAgent(client(), 'fake'), seen), user: simUser() });
    expect(fake.server().requests.slice(5).map((r) => r.body.stream)).toEqual([true, true, true, true, true]);
    expect(streamed.result).toEqual(plain.result);
    expect(streamed.log.events).toEqual(plain.log.events);
    expect(seen).toContain('Sorry to hear that. What');
    expect(seen).toContain('get_booking {"booking_id":"BK-4411"}\nsearch_flights {"o');
  });

  it('a stream that keeps breaking ends the session with end: error and notes, and the key never shows', async () => {
    fake.server().script(() => ({ stream: { breakAfter: 3 }, then: say('Sorry to hear that. What is your booking reference?') }));
    const { log, result } = await runSession({ task: exampleTask(), agent: withProgress(modelAgent(client({ retries: 1 }), 'fake'), []), user: simUser() });
    expect(result.end).toBe('error');
    const notes = log.events.flatMap((e) => (e.type === 'note' ? [e.text] : []));
    expect(notes).toEqual([
      'model stream broke: terminated (attempt 1 of 2)',
      'model stream broke: terminated (attempt 2 of 2)',
      expect.stringMatching(/^session error: model call failed: terminated \(fake at http:\/\/127\.0\.0\.1:\d+\/v1\)$/),
    ]);
    expect(JSON.stringify(log.events)).not.toContain('sk-test-key-123456');
  });
});

describe('recordings of model sessions', () => {
  it('replay re-drives a model agent (parallel calls included) from the recording, with no network', async () => {
    const task = exampleTask();
    fake.server().script([
      say('What is your booking reference?'),
      calls(['get_booking', { booking_id: 'BK-4411' }], ['search_flights', { origin: 'SFO', destination: 'DEN', date: '2026-12-03' }]),
      say('Thanks, UA14 it is.'),
    ]);
    const { log, result } = await runSession({ task, agent: modelAgent(client(), 'fake'), user: simUser() });
    const rec: Recording = { format: RECORDING_FORMAT, id: 'm', createdAt: 'x', task, roles: { agent: { kind: 'model', model: 'fake' }, user: { kind: 'sim' } }, events: [...log.events], result, complete: true };
    await fake.server().close();
    const out = await replayRecording(rec, task);
    expect(out.divergence).toBeNull();
  });
});

/** Issue 15, finding 7: a key echoed back by a server reached stdout, the recording, a note and the caches. */
describe('a server that echoes the key', () => {
  it('never gets it into the session, the notes or the cache', async () => {
    const cacheFile = join(mkdtempSync(join(tmpdir(), 'synthagent-echo-')), 'cache.json');
    fake.server().script(() => ({ text: 'Your key is sk-test-key-123456, right? What is your booking reference?' }));
    const { log } = await runSession({ task: { ...exampleTask(), limits: { maxTurns: 2, maxToolCalls: 2 } }, agent: modelAgent(client({ cache: cacheFile }), 'fake'), user: simUser() });
    const said = log.events.find((e) => e.type === 'agent_message');
    expect(said).toMatchObject({ text: 'Your key is [redacted], right? What is your booking reference?' });
    expect(JSON.stringify(log.events)).not.toContain('sk-test-key-123456');
    expect(readFileSync(cacheFile, 'utf8')).not.toContain('sk-test-key-123456');
  });
});
