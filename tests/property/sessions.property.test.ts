/**
 * Property: whatever an agent does — random scripts, or a model answering nonsense — a session on any
 * bundled task ends without throwing, leaves a valid event log (each event parses, seqs 0…n-1, one `end`
 * and it is last, every tool call answered once, hits once each) and a score in [0, 1] (passed ⇒ 1).
 * Separately: the log, as a recording, replays and rescores to the same result.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openaiModelClient } from '../../src/adapters/model-client.js';
import { modelConfig } from '../../src/adapters/model-config.js';
import { loadBundledTasks } from '../../src/adapters/task-files.js';
import { Event } from '../../src/domain/events.js';
import { Recording, RECORDING_FORMAT, type RoleInfo, type SessionResult } from '../../src/domain/recording.js';
import type { AgentStep, Task } from '../../src/domain/task.js';
import { modelAgent } from '../../src/roles/model-agent.js';
import type { AgentRole } from '../../src/roles/role.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { replayRecording } from '../../src/session/replay.js';
import { rescoreRecording } from '../../src/session/rescore.js';
import { runSession } from '../../src/session/run-session.js';
import { type FakeOpenAI, type Reply, startFakeOpenAI } from '../helpers/fake-openai.js';

const tasks = loadBundledTasks().map((l) => l.task);
const byId = (id: string): Task => tasks.find((t) => t.id === id)!;
const SCRIPT_RUNS = 60;
const MODEL_RUNS = 25;

// ---- Arbitraries, per task: its own words (aliases, values, tool names) mixed with noise ----------------

const noise = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '?', '???', '\n', '\u0000', '\u001b[2J', '(.*+?[', '$random()', '{"error": 1}', 'ok.', 'Yes, please go ahead.', '###STOP###'),
  fc.string({ minLength: 500, maxLength: 3000 }),
);

function words(task: Task): fc.Arbitrary<string> {
  const own = [
    ...task.user.facts.flatMap((f) => [...f.aliases, String(f.value), f.description]),
    ...task.tools.map((t) => t.name),
    'shall I go ahead',
    'confirm',
  ];
  return fc.oneof(noise, fc.constantFrom(...own));
}

/** A message: a few pieces of the task's words and noise, sometimes a question. */
function text(task: Task): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(words(task), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '?', ' ?', '!', '.', '? please'))
    .map(([parts, end]) => `${parts.join(' ')}${end}`);
}

const jsonObject = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });

/** Arguments: the reference's own (sometimes with a value swapped), random objects, or nothing. */
function args(task: Task): fc.Arbitrary<Record<string, unknown>> {
  const refArgs = (task.reference ?? []).flatMap((s) => ('call' in s ? [s.args] : []));
  const params = task.tools.flatMap((t) => Object.keys((t.parameters.properties as object | undefined) ?? {}));
  const options: fc.Arbitrary<Record<string, unknown>>[] = [jsonObject, fc.constant({})];
  if (refArgs.length > 0) {
    options.push(fc.constantFrom(...refArgs));
    options.push(
      fc.tuple(fc.constantFrom(...refArgs), fc.constantFrom(...(params.length ? params : ['x'])), fc.jsonValue({ maxDepth: 2 })).map(([a, k, v]) => ({ ...a, [k]: v })),
    );
  }
  return fc.oneof(...options);
}

function toolName(task: Task): fc.Arbitrary<string> {
  const names = task.tools.map((t) => t.name);
  return names.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }) : fc.string({ maxLength: 20 });
}

/** The task's own limits, or tight ones so that max_turns and max_tool_calls are reached too. */
const limits = fc.option(fc.record({ maxTurns: fc.integer({ min: 1, max: 4 }), maxToolCalls: fc.integer({ min: 0, max: 4 }) }), { nil: undefined });

function agentScript(task: Task): fc.Arbitrary<AgentStep[]> {
  const step: fc.Arbitrary<AgentStep> = fc.oneof(
    { weight: 4, arbitrary: text(task).map((say) => ({ say })) },
    { weight: 4, arbitrary: fc.record({ call: toolName(task), args: args(task) }) },
    { weight: 1, arbitrary: fc.option(text(task), { nil: undefined }).map((t) => (t === undefined ? { finish: undefined } : { finish: t })) },
  );
  return fc.array(step, { maxLength: 16 });
}

/** What the fake model server answers: text, tool calls (with malformed arguments too), empty, refusal, HTTP errors. */
function reply(task: Task): fc.Arbitrary<Reply> {
  const argumentText = fc.oneof(
    args(task).map((a) => JSON.stringify(a)),
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', '{', '{"', '{"booking_id": ', 'null', '[1,2]', '42', '"str"', '{}}', 'undefined', '{"a":1}garbage'),
  );
  return fc.oneof(
    { weight: 4, arbitrary: text(task).map((t) => ({ text: t })) },
    {
      weight: 4,
      arbitrary: fc.record(
        { toolCalls: fc.array(fc.record({ name: toolName(task), arguments: argumentText }), { minLength: 1, maxLength: 3 }), text: text(task) },
        { requiredKeys: ['toolCalls'] },
      ),
    },
    { weight: 1, arbitrary: fc.constant({ empty: true as const }) },
    { weight: 1, arbitrary: fc.constantFrom({ text: '' }, { text: '   \n' }) },
    { weight: 1, arbitrary: text(task).map((refusal) => ({ refusal })) },
    { weight: 1, arbitrary: fc.constantFrom({ status: 500 }, { status: 429 }, { status: 400 }, { raw: 'not json at all' }, { raw: '{"choices": []}' }) },
  );
}

// ---- Invariants ------------------------------------------------------------------------------------------

/** The log and the result obey SPEC §4. */
function expectSound(task: Task, events: readonly unknown[], result: SessionResult): void {
  const parsed = events.map((e) => Event.parse(e));
  expect(parsed.map((e) => e.seq)).toEqual(parsed.map((_, i) => i));
  const ends = parsed.filter((e) => e.type === 'end');
  expect(ends).toHaveLength(1);
  expect(parsed.at(-1)).toEqual(ends[0]);
  expect(ends[0]).toMatchObject({ reason: result.end });
  expect(parsed[0]).toMatchObject({ type: 'user_message', text: task.instruction });

  // Every tool call is answered exactly once, after it.
  const calls = parsed.filter((e) => e.type === 'tool_call');
  const results = parsed.filter((e) => e.type === 'tool_result');
  expect(new Set(calls.map((c) => c.callId)).size).toBe(calls.length);
  expect(results.map((r) => r.callId).sort()).toEqual(calls.map((c) => c.callId).sort());
  for (const r of results) expect(calls.find((c) => c.callId === r.callId)!.seq).toBeLessThan(r.seq);

  // Hits name rubric items, once each, after the event that earned them.
  const items = new Map(task.rubric.map((i) => [i.id, i.kind]));
  const hits = parsed.filter((e) => e.type === 'rubric_hit');
  expect(new Set(hits.map((h) => h.item)).size).toBe(hits.length);
  for (const h of hits) {
    expect(items.get(h.item)).toBe(h.kind);
    if (h.at !== undefined) expect(h.at).toBeLessThan(h.seq);
  }

  expect(result.score).toBeGreaterThanOrEqual(0);
  expect(result.score).toBeLessThanOrEqual(1);
  expect(Number.isFinite(result.score)).toBe(true);
  if (result.passed) expect(result.score).toBe(1);
  expect(result.hits.map((h) => h.item).sort()).toEqual(hits.map((h) => h.item).sort());
}

/** The log, saved as a recording, replays (SPEC §5 `replay --check`) and rescores to the same result. */
async function expectReplays(task: Task, agentInfo: RoleInfo, events: readonly Event[], result: SessionResult): Promise<void> {
  const rec = Recording.parse({
    format: RECORDING_FORMAT,
    id: `${task.id}-property`,
    createdAt: '2026-01-01T00:00:00.000Z',
    task,
    roles: { agent: agentInfo, user: { kind: 'sim' } },
    events,
    result,
    complete: true,
  });
  const replayed = await replayRecording(rec, task);
  expect(replayed.divergence).toBeNull();
  // Numbering may differ (notes are not replayed); what was scored may not.
  const scored = (r: SessionResult) => ({ ...r, hits: r.hits.map(({ item, kind }) => ({ item, kind })) });
  expect(scored(replayed.result)).toEqual(scored(result));
  const rescored = await rescoreRecording(rec, task);
  expect(rescored.result.score).toBe(result.score);
  expect(rescored.result.passed).toBe(result.passed);
}

// ---- Properties ------------------------------------------------------------------------------------------

describe('sessions with random agent scripts', () => {
  it('there are bundled tasks to run', () => {
    expect(tasks.length).toBeGreaterThan(0);
  });

  it.each(tasks.map((t) => [t.id, t] as const))('%s', async (_id, task) => {
    await fc.assert(
      fc.asyncProperty(agentScript(task), limits, async (script, limitsOrNot) => {
        const played = limitsOrNot ? { ...task, limits: limitsOrNot } : task;
        const agent = scriptAgent(script, { kind: 'script' });
        const { log, result } = await runSession({ task: played, agent, user: simUser() });
        expectSound(played, log.events, result);
      }),
      { numRuns: SCRIPT_RUNS },
    );
  });

  // Regression (fixed): a session that ended `max_tool_calls` replays as `agent_finished` (the refused call is not in the log,
  // so the replayed agent just runs out), and `synthagent replay` reports drift at its `end` event. Repro: an
  // agent script of 51 {"call": "get_booking", "args": {"booking_id": "BK-1"}} steps;
  // `synthagent run --task travel-rebook --agent script:calls.json --record r.json && synthagent replay r.json`
  // → "drift at seq 102 (end) reason: expected "max_tool_calls", got "agent_finished"", exit 1.
  it('a scripted session replays and rescores to the same result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...tasks.map((t) => t.id)).chain((id) => fc.tuple(fc.constant(id), agentScript(byId(id)), limits)),
        async ([id, script, limitsOrNot]) => {
          const played = limitsOrNot ? { ...byId(id), limits: limitsOrNot } : byId(id);
          const agent = scriptAgent(script, { kind: 'script' });
          const { log, result } = await runSession({ task: played, agent, user: simUser() });
          await expectReplays(played, agent.info, log.events, result);
        },
      ),
      { numRuns: 4 * SCRIPT_RUNS },
    );
  });
});

describe('sessions with a model agent answering at random (fake OpenAI server)', () => {
  let server: FakeOpenAI;
  let agent: AgentRole;
  beforeAll(async () => {
    server = await startFakeOpenAI();
    const client = openaiModelClient({ ...modelConfig({ baseUrl: server.url, model: 'fake', retries: 0, timeout: 5 }, {}), apiKey: 'sk-property', cacheFile: null });
    agent = modelAgent(client, 'fake');
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(tasks.map((t) => [t.id, t] as const))('%s', async (_id, task) => {
    await fc.assert(
      fc.asyncProperty(fc.array(reply(task), { maxLength: 10 }), async (replies) => {
        // When the replies run out the server answers 500, so every session ends.
        server.script(replies);
        const { log, result } = await runSession({ task, agent, user: simUser() });
        expectSound(task, log.events, result);
      }),
      { numRuns: MODEL_RUNS },
    );
  });

  // Regression (fixed): three ways a model session does not replay (`synthagent replay` reports drift, exit 1):
  //  1. it ended `error` (the server answered 500 and the SDK gave up): the replay ends `aborted` — "drift at
  //     its end event, reason: expected "error", got "aborted"" — though README says a recording that ended
  //     early is replayed up to where it stopped. Smallest case: replies [] (500 at once).
  //  2. it ended `max_tool_calls` (see the scripted test above).
  //  3. parallel tool calls where a call earns a rubric hit: the `rubric_hit` is logged between the `tool_call`
  //     events, so recordedAgentActions() no longer sees them as one move and replays them one by one. Case:
  //     travel-rebook, replies [{toolCalls: [get_booking {booking_id:"x"}, get_booking {booking_id:"y"}]},
  //     {text: "Done."}] → events tool_call, rubric_hit (no-guess-booking), tool_call, … → drift at seq 3.
  it('a model session replays and rescores to the same result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...tasks.map((t) => t.id)).chain((id) => fc.tuple(fc.constant(id), fc.array(reply(byId(id)), { maxLength: 10 }))),
        async ([id, replies]) => {
          const task = byId(id);
          server.script(replies);
          const { log, result } = await runSession({ task, agent, user: simUser() });
          await expectReplays(task, agent.info, log.events, result);
        },
      ),
      { numRuns: 3 * MODEL_RUNS },
    );
  });

  // Regression (fixed): every model call adds an abort listener to the session's signal and never removes it; from the 11th
  // call on Node prints "MaxListenersExceededWarning: Possible EventTarget memory leak detected. 11 abort
  // listeners added to [AbortSignal]" (two lines on the stderr of `synthagent run --agent model`).
  it('leaves no abort listeners behind, however many model calls a session makes', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const task = byId('travel-rebook');
      server.script(Array.from({ length: 15 }, () => ({ toolCalls: [{ name: 'get_booking', arguments: { booking_id: 'BK-0000' } }] })));
      const { log, result } = await runSession({ task, agent, user: simUser() });
      expectSound(task, log.events, result);
      expect(log.state.toolCalls).toBe(15);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });
});
