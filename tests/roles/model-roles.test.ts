import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openaiModelClient } from '../../src/adapters/model-client.js';
import { modelConfig } from '../../src/adapters/model-config.js';
import { RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import type { Task } from '../../src/domain/task.js';
import { modelAgent } from '../../src/roles/model-agent.js';
import { KeyedCache } from '../../src/adapters/keyed-cache.js';
import { JUDGE_CACHE_FORMAT, modelJudge } from '../../src/roles/model-judge.js';
import { modelToolSimulator, SIM_CACHE_FORMAT } from '../../src/roles/model-tool-simulator.js';
import { modelUser, STOP_TOKEN } from '../../src/roles/model-user.js';
import type { ActContext, AgentRole, UserRole } from '../../src/roles/role.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { replayRecording } from '../../src/session/replay.js';
import { runSession } from '../../src/session/run-session.js';
import { type FakeOpenAI, type Reply, startFakeOpenAI } from '../helpers/fake-openai.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

let server: FakeOpenAI;
beforeEach(async () => {
  server = await startFakeOpenAI();
});
afterEach(async () => {
  await server.close();
});

const client = (over: { retries?: number; timeout?: number; key?: string; cache?: string } = {}) =>
  openaiModelClient({
    ...modelConfig({ baseUrl: server.url, model: 'fake', retries: over.retries ?? 0, timeout: over.timeout ?? 5 }, {}),
    apiKey: over.key ?? 'sk-test-key-123456',
    cacheFile: over.cache ?? null,
  });

const say = (text: string): Reply => ({ text });
const calls = (...c: [string, object | string][]): Reply => ({ toolCalls: c.map(([name, args]) => ({ name, arguments: args })) });

/** Everything the agent's model was sent, as one string. */
const sentToAgent = (): string => JSON.stringify(server.requests.map((r) => r.body));

describe('model agent', () => {
  it('plays the example task to score 1 through the real SDK, seeing only what it may', async () => {
    const task = exampleTask();
    server.script([
      say('Sorry to hear that. What is your booking reference?'),
      calls(['get_booking', { booking_id: 'BK-4411' }], ['search_flights', { origin: 'SFO', destination: 'DEN', date: '2026-12-03' }]),
      say('UA14 leaves at 11:45. Which seat would you like?'),
      calls(['rebook', { booking_id: 'BK-4411', flight_id: 'UA14', seat: 'aisle' }]),
      say('Done: you are now on UA14.'),
    ]);
    const { result, log } = await runSession({ task, agent: modelAgent(client(), 'fake'), user: simUser() });
    expect(result).toMatchObject({ score: 1, passed: true, end: 'user_stopped' });
    // Parallel calls: one assistant message with two tool_calls, then two tool messages.
    const third = server.requests[2]!.body.messages as { role: string; tool_calls?: unknown[] }[];
    expect(third.filter((m) => m.role === 'assistant' && m.tool_calls?.length === 2)).toHaveLength(1);
    expect(third.filter((m) => m.role === 'tool')).toHaveLength(2);
    expect(server.requests[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(task.tools.map((t) => t.name));
    expect(server.requests[0]!.body.messages[0]).toEqual({ role: 'system', content: task.system });
    // Never the hidden side: goal, world as such, rubric, unrevealed facts (the seat before it was asked).
    const all = sentToAgent();
    expect(all).not.toContain(task.fullInstruction);
    expect(all).not.toContain('"rubric"');
    expect(all).not.toContain('Picks a seat before asking');
    expect(all).not.toContain('"world"');
    expect(JSON.stringify(server.requests[0]!.body)).not.toContain('BK-4411');
    expect(JSON.stringify(server.requests.slice(0, 3).map((r) => r.body))).not.toContain('aisle seat, please');
    expect(log.events.some((e) => e.type === 'tool_call' && e.callId === 'call-2')).toBe(true);
  });

  it.each<[string, Reply[], string]>([
    ['malformed argument JSON', [calls(['get_booking', '{"booking_id": ']), say('Done.')], 'not valid JSON'],
    ['an unknown tool', [calls(['teleport', {}]), say('Done.')], 'unknown tool'],
  ])('records %s as an error result the model sees, and goes on', async (_name, replies, error) => {
    server.script(replies);
    const { log, result } = await runSession({ task: exampleTask(), agent: modelAgent(client(), 'fake'), user: simUser() });
    const res = log.events.find((e) => e.type === 'tool_result');
    expect(res).toMatchObject({ ok: false });
    expect(JSON.stringify(res)).toContain(error);
    expect(JSON.stringify(server.requests[1]!.body.messages.at(-1))).toContain(error);
    expect(result.end).toBe('user_stopped');
  });

  it('asks again after an empty answer, with a note', async () => {
    server.script([{ empty: true }, say('All done.')]);
    const { log, result } = await runSession({ task: exampleTask(), agent: modelAgent(client(), 'fake'), user: simUser() });
    expect(log.events.some((e) => e.type === 'note' && e.text.includes('empty answer'))).toBe(true);
    expect(result.end).toBe('user_stopped');
  });

  it('ends with end: error after empty answers in a row', async () => {
    server.script([{ empty: true }, { empty: true }, { empty: true }]);
    const { result, log } = await runSession({ task: exampleTask(), agent: modelAgent(client(), 'fake'), user: simUser() });
    expect(result.end).toBe('error');
    expect(log.events.filter((e) => e.type === 'note').map((e) => e.type === 'note' && e.text).join('\n')).toContain('3 empty answers');
  });

  it('records a refusal as the agent message', async () => {
    server.script([{ refusal: 'I cannot help with that.' }]);
    const { log } = await runSession({ task: exampleTask(), agent: modelAgent(client(), 'fake'), user: simUser() });
    expect(log.events.find((e) => e.type === 'agent_message')).toMatchObject({ text: 'I cannot help with that.' });
  });

  it("retries an HTTP 500 with the SDK's retries and leaves a note", async () => {
    server.script([{ status: 500 }, say('All done.')]);
    const { log, result } = await runSession({ task: exampleTask(), agent: modelAgent(client({ retries: 1 }), 'fake'), user: simUser() });
    expect(server.requests).toHaveLength(2);
    expect(log.events.some((e) => e.type === 'note' && e.text.includes('HTTP 500'))).toBe(true);
    expect(result.end).toBe('user_stopped');
  });

  it.each<[string, Reply]>([
    ['keeps failing', { status: 500 }],
    ['answers nonsense', { raw: '{not json' }],
    ['is too slow', { delayMs: 2000, then: { text: 'late' } }],
  ])('gives up with end: error when the server %s, and the key never shows', async (_name, reply) => {
    server.script(() => reply);
    const { log, result } = await runSession({ task: exampleTask(), agent: modelAgent(client({ retries: 1, timeout: 0.3 }), 'fake'), user: simUser() });
    expect(result.end).toBe('error');
    const notes = JSON.stringify(log.events.filter((e) => e.type === 'note'));
    expect(notes).toContain('model call failed');
    expect(notes).not.toContain('sk-test-key-123456');
  });
});

describe('model user', () => {
  it('is prompted with its facts and goal, and stops on the token', async () => {
    const task = exampleTask();
    server.script([say('It is BK-4411.'), say(STOP_TOKEN)]);
    const agent = scriptAgent([{ say: 'What is your booking reference?' }, { say: 'Anything else?' }], { kind: 'script' });
    const { log, result } = await runSession({ task, agent, user: modelUser(client(), 'fake') });
    const prompt = JSON.stringify(server.requests[0]!.body.messages);
    expect(prompt).toContain('BK-4411');
    expect(prompt).toContain(task.fullInstruction);
    expect(prompt).toContain(STOP_TOKEN);
    expect(log.events.find((e) => e.type === 'user_message' && e.seq > 0)).toMatchObject({ reveals: ['booking_id'] });
    expect(result.end).toBe('user_stopped');
  });
});

/** The role with the progress hook the TUI gives it; every partial text lands in `seen`. */
function withProgress<R extends AgentRole | UserRole>(role: R, seen: string[]): R {
  const act = role.act as (input: unknown, ctx: ActContext) => Promise<unknown>;
  return { ...role, act: (input: unknown, ctx: ActContext) => act(input, { ...ctx, progress: (text) => void seen.push(text) }) } as R;
}

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
    server.script(script(false));
    const plain = await runSession({ task, agent: modelAgent(client(), 'fake'), user: simUser() });
    // Headless runs ask for whole answers, as they always have.
    expect(server.requests.map((r) => r.body.stream)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    server.script(script(true));
    const seen: string[] = [];
    const streamed = await runSession({ task, agent: withProgress(modelAgent(client(), 'fake'), seen), user: simUser() });
    expect(server.requests.slice(5).map((r) => r.body.stream)).toEqual([true, true, true, true, true]);
    expect(streamed.result).toEqual(plain.result);
    expect(streamed.log.events).toEqual(plain.log.events);
    expect(seen).toContain('Sorry to hear that. What');
    expect(seen).toContain('get_booking {"booking_id":"BK-4411"}\nsearch_flights {"o');
  });

  it('a model user streams its reply', async () => {
    server.script([{ stream: { pieceChars: 5 }, then: say('It is BK-4411.') }, say(STOP_TOKEN)]);
    const seen: string[] = [];
    const agent = scriptAgent([{ say: 'What is your booking reference?' }, { say: 'Anything else?' }], { kind: 'script' });
    const { log } = await runSession({ task: exampleTask(), agent, user: withProgress(modelUser(client(), 'fake'), seen) });
    expect(seen).toEqual(['It is', 'It is BK-4', 'It is BK-4411.', STOP_TOKEN.slice(0, 4), STOP_TOKEN.slice(0, 8), STOP_TOKEN]);
    expect(log.events.find((e) => e.type === 'user_message' && e.seq > 0)).toMatchObject({ text: 'It is BK-4411.', reveals: ['booking_id'] });
  });

  it('a stream that keeps breaking ends the session with end: error and notes, and the key never shows', async () => {
    server.script(() => ({ stream: { breakAfter: 3 }, then: say('Sorry to hear that. What is your booking reference?') }));
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

function simulatedTask(): Task {
  return tinyTask({
    tools: [
      {
        name: 'weather',
        description: 'Current weather in a city.',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        outputs: { type: 'object', properties: { temp_c: { type: 'number' } }, required: ['temp_c'] },
        mock: { simulate: true, default: { error: 'no simulator' } },
      },
    ],
    rubric: [{ id: 'kind', kind: 'subgoal', description: 'is kind', check: { type: 'judge', criterion: 'The agent is polite.' } }],
  });
}

describe('simulated tools and the judge', () => {
  it('a simulated tool is answered by the model, checked against outputs, cached, and falls through without either', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-sim-'));
    const cache = join(dir, 'tiny.simcache');
    server.script([{ text: '{"result": {"temp_c": "warm"}}' }, { text: 'Sure: {"result": {"temp_c": 21}}' }]);
    const task = simulatedTask();
    const agent = () => scriptAgent([{ call: 'weather', args: { city: 'Oslo' } }, { finish: 'ok' }], { kind: 'script' });
    const first = await runSession({ task, agent: agent(), user: simUser(), simulate: modelToolSimulator(new KeyedCache(cache, SIM_CACHE_FORMAT), client(), 'fake') });
    expect(first.log.events.find((e) => e.type === 'tool_result')).toMatchObject({ ok: true, result: { temp_c: 21 }, via: 'simulate' });
    expect(server.requests).toHaveLength(2); // the first answer broke `outputs` and was asked again
    const again = await runSession({ task, agent: agent(), user: simUser(), simulate: modelToolSimulator(new KeyedCache(cache, SIM_CACHE_FORMAT), null, null) });
    expect(again.log.events.find((e) => e.type === 'tool_result')).toMatchObject({ result: { temp_c: 21 }, via: 'simulate' });
    const none = await runSession({ task, agent: agent(), user: simUser(), simulate: modelToolSimulator(new KeyedCache(join(dir, 'other.simcache'), SIM_CACHE_FORMAT), null, null) });
    expect(none.log.events.find((e) => e.type === 'tool_result')).toMatchObject({ ok: false, via: 'default' });
  });

  it('a judge decides judge items with a checked JSON verdict, and replay repeats it with no network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-judge-'));
    server.script([{ text: 'maybe' }, { text: '{"verdict": true, "reason": "It says please."}' }]);
    const task = simulatedTask();
    const agent = scriptAgent([{ finish: 'Thank you, have a nice day.' }], { kind: 'script' });
    const { log, result } = await runSession({ task, agent, user: simUser(), judge: modelJudge(client(), 'fake', new KeyedCache(join(dir, 'judge.json'), JUDGE_CACHE_FORMAT)) });
    expect(result).toMatchObject({ score: 1, unjudged: [] });
    expect(result.hits.map((h) => h.item)).toEqual(['kind']);
    const rec: Recording = { format: RECORDING_FORMAT, id: 'j', createdAt: 'x', task, roles: { agent: { kind: 'script' }, user: { kind: 'sim' } }, events: [...log.events], result, complete: true };
    await server.close();
    const replay = await replayRecording(rec, task);
    expect(replay.divergence).toBeNull();
    expect(replay.result.score).toBe(1);
  });

  it('without a judge, judge items are unjudged and left out of the score', async () => {
    const { result } = await runSession({ task: simulatedTask(), agent: scriptAgent([{ finish: 'bye' }], { kind: 'script' }), user: simUser() });
    expect(result).toMatchObject({ score: 1, unjudged: ['kind'] });
  });
});

describe('model-call cache', () => {
  it('answers a repeated call from disk and explains a miss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-cache-'));
    const file = join(dir, 'cache.json');
    server.script(() => ({ text: 'Is there anything else?' }));
    const notes: string[] = [];
    const note = (_l: string, t: string) => void notes.push(t);
    const c = client({ cache: file });
    const req = { model: 'fake', messages: [{ role: 'user' as const, content: 'hi' }] };
    await c.chat(req, { note });
    await c.chat(req, { note });
    expect(server.requests).toHaveLength(1);
    await c.chat({ ...req, messages: [...req.messages, { role: 'user' as const, content: 'more' }] }, { note });
    expect(notes.at(-1)).toMatch(/messages differ .* at message 2 of 2/);
    await c.chat({ ...req, model: 'other' }, { note });
    expect(notes.at(-1)).toContain('model differs');
    expect(readFileSync(file, 'utf8')).not.toContain('sk-test-key-123456');
  });
});

describe('recordings of model sessions', () => {
  it('replay re-drives a model agent (parallel calls included) from the recording, with no network', async () => {
    const task = exampleTask();
    server.script([
      say('What is your booking reference?'),
      calls(['get_booking', { booking_id: 'BK-4411' }], ['search_flights', { origin: 'SFO', destination: 'DEN', date: '2026-12-03' }]),
      say('Thanks, UA14 it is.'),
    ]);
    const { log, result } = await runSession({ task, agent: modelAgent(client(), 'fake'), user: simUser() });
    const rec: Recording = { format: RECORDING_FORMAT, id: 'm', createdAt: 'x', task, roles: { agent: { kind: 'model', model: 'fake' }, user: { kind: 'sim' } }, events: [...log.events], result, complete: true };
    await server.close();
    const out = await replayRecording(rec, task);
    expect(out.divergence).toBeNull();
  });
});

/** Issue 15, finding 7: a key echoed back by a server reached stdout, the recording, a note and the caches. */
describe('a server that echoes the key', () => {
  it('never gets it into the session, the notes or the cache', async () => {
    const cacheFile = join(mkdtempSync(join(tmpdir(), 'synthagent-echo-')), 'cache.json');
    server.script(() => ({ text: 'Your key is sk-test-key-123456, right? What is your booking reference?' }));
    const { log } = await runSession({ task: { ...exampleTask(), limits: { maxTurns: 2, maxToolCalls: 2 } }, agent: modelAgent(client({ cache: cacheFile }), 'fake'), user: simUser() });
    const said = log.events.find((e) => e.type === 'agent_message');
    expect(said).toMatchObject({ text: 'Your key is [redacted], right? What is your booking reference?' });
    expect(JSON.stringify(log.events)).not.toContain('sk-test-key-123456');
    expect(readFileSync(cacheFile, 'utf8')).not.toContain('sk-test-key-123456');
  });
});
