/**
 * One depth limit (MAX_NESTING, src/domain/json.ts) for what the tool writes and what it reads: a value
 * as deep as a session accepts is read back by replay, show and rescore; a deeper one — a task's world, a
 * model's tool arguments, a simulated answer, a JSONata result — is refused where it enters, with one line
 * (a file) or an event the session goes on with (a call, an answer). 5,000 levels (past JSON.stringify's own
 * recursion) never overflow the stack, and never lose the recording.
 * Found by the issue 15 probe: a 61-deep world recorded but `replay` refused it; 100-deep model arguments
 * the same; 5,000-deep ones lost the recording.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import type { Event } from '../../src/domain/events.js';
import { MAX_NESTING } from '../../src/domain/json.js';
import { SIM_CACHE_FORMAT, simKey } from '../../src/roles/model-tool-simulator.js';
import { cli, type Exit, useTempDirs } from '../helpers/cli.js';
import { type FakeOpenAI, type RecordedRequest, type Reply, startFakeOpenAI } from '../helpers/fake-openai.js';

const tempDir = useTempDirs('synthagent-depth-');

/** `levels` arrays around "x", as JSON text (a value this deep cannot go through JSON.stringify). */
const deepText = (levels: number): string => `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;

const show = (r: Exit): string => `exit ${r.code}\nstderr: ${r.stderr.slice(0, 600)}\nstdout: ${r.stdout.slice(0, 600)}`;

function expectNoCrash(r: Exit): void {
  expect(r.stderr, show(r)).not.toMatch(/^\s+at /m);
  expect(r.stderr, show(r)).not.toContain('internal error');
  expect(r.stderr, show(r)).not.toContain('call stack');
}

/** replay, show, rescore, audit and both exports all read the recording (exit 0); replay finds no drift. */
async function expectReadBack(file: string, cwd: string): Promise<void> {
  for (const command of [['replay'], ['show'], ['rescore'], ['audit'], ['export', '--format', 'chat-jsonl'], ['export', '--format', 'verl']]) {
    const r = await cli([...command, file], cwd);
    expectNoCrash(r);
    expect(r.code, `${command.join(' ')}: ${show(r)}`).toBe(0);
  }
}

const events = (file: string): Event[] => readRecording(file).events;

/** A bundled task whose world holds a value `levels` arrays deep; its reference changes the world (so the world is in an event). */
function deepWorldTask(dir: string, levels: number): string {
  const task = JSON.parse(readFileSync(new URL('../../fixtures/tasks/finance/finance-transfer.json', import.meta.url), 'utf8')) as Record<string, any>;
  const file = join(dir, `deep-world-${levels}.json`);
  // The task is one level, its world another: the value fills the rest.
  writeFileSync(file, JSON.stringify({ ...task, id: `deep-world-${levels}` }).replace('"world":{', `"world":{"deep":${deepText(levels)},`));
  return file;
}

describe('a task world', () => {
  it('as deep as validate allows: validate, run, replay, show and rescore all accept it', async () => {
    const dir = tempDir();
    // Task (1) + world (1) + 62 arrays = 64 levels: the most a task may have. A world change puts the world in
    // a tool_result event, three levels down in the recording.
    const file = deepWorldTask(dir, MAX_NESTING - 2);
    const v = await cli(['validate', file], dir);
    expect(v.code, show(v)).toBe(0);
    const rec = join(dir, 'rec.json');
    const r = await cli(['run', '--task', file, '--record', rec, '--json'], dir);
    expect(r.code, show(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ score: 1, passed: true });
    expect(events(rec).some((e) => e.type === 'tool_result' && e.world !== undefined)).toBe(true);
    await expectReadBack(rec, dir);
  });

  it('one level deeper: validate and run refuse it in one line naming where', async () => {
    const dir = tempDir();
    const file = deepWorldTask(dir, MAX_NESTING - 1);
    const v = await cli(['validate', file], dir);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`${file}: world.deep[0][0][0][0]…: nested deeper than 64 levels`);
    const r = await cli(['run', '--task', file, '--json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`synthagent: ${file}: world.deep[0][0][0][0]…: nested deeper than 64 levels`]);
  });
});

/** A task with one plain tool (`lookup`, any arguments) and one a model simulates (`weather`). */
const TASK = {
  format: 'synthagent.task/1',
  id: 'depth-task',
  title: 'Depth',
  domain: 'test',
  instruction: 'Look something up for me, please.',
  fullInstruction: 'Look up the weather in Oslo.',
  user: { facts: [] },
  tools: [
    { name: 'lookup', description: 'Look anything up.', parameters: { type: 'object' }, mock: { default: { result: 'found' } } },
    { name: 'weather', description: 'The weather in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } } }, mock: { simulate: true, default: { error: 'no simulator' } } },
  ],
  world: {},
  rubric: [{ id: 'looked', kind: 'subgoal', description: 'looks it up', check: { type: 'tool_called', tool: 'lookup', ok: false } }],
};

describe('model answers', () => {
  let server: FakeOpenAI;
  beforeAll(async () => {
    server = await startFakeOpenAI();
  });
  afterAll(() => server.close());

  /** Runs the task with every model role on the fake server; `answer` replies to the agent (its requests carry tools) and to the tool simulator. */
  async function runWithModel(answer: { agent: Reply[]; simulator?: Reply }, simCache?: string): Promise<{ dir: string; rec: string; requests: RecordedRequest[] }> {
    const dir = tempDir();
    const task = join(dir, 'task.json');
    writeFileSync(task, JSON.stringify(TASK));
    if (simCache !== undefined) writeFileSync(join(dir, `${TASK.id}.simcache`), simCache);
    const agent = [...answer.agent];
    const before = server.requests.length;
    server.script((req: RecordedRequest) => (req.body.tools ? (agent.shift() ?? { text: 'Done, bye.' }) : (answer.simulator ?? { text: '{"result": 1}' })));
    const rec = join(dir, 'rec.json');
    const r = await cli(['run', '--task', task, '--agent', 'model', '--model', 'fake', '--base-url', server.url, '--retries', '0', '--record', rec, '--json'], dir);
    expectNoCrash(r);
    expect(r.code, show(r)).toBe(0);
    return { dir, rec, requests: server.requests.slice(before) };
  }

  it.each([100, 5000])('tool arguments nested %i deep: an invalid-arguments result naming where, the session goes on, the recording reads back', async (levels) => {
    const raw = `{"q":${deepText(levels)}}`;
    const { dir, rec, requests } = await runWithModel({ agent: [{ toolCalls: [{ name: 'lookup', arguments: raw }] }, { text: 'Done, bye.' }] });
    const log = events(rec);
    // Kept as the text the model sent, as arguments that are not JSON are.
    expect(log.find((e) => e.type === 'tool_call')).toMatchObject({ tool: 'lookup', args: raw });
    expect(log.find((e) => e.type === 'tool_result')).toMatchObject({ ok: false, via: 'invalid', error: 'invalid arguments for lookup: q[0][0][0][0][0]…: nested deeper than 64 levels' });
    expect(log.at(-1)).toMatchObject({ type: 'end', reason: 'user_stopped' });
    // The model was told, and saw its own call.
    const next = requests.at(-1)!.body.messages as { role: string; content: string | null }[];
    expect(next.find((m) => m.role === 'tool')?.content).toContain('nested deeper than 64 levels');
    await expectReadBack(rec, dir);
    // Training data holds the call as the model made it.
    const exported = JSON.parse((await cli(['export', rec, '--format', 'chat-jsonl'], dir)).stdout) as { messages: { tool_calls?: { function: { arguments: string } }[] }[] };
    expect(exported.messages.flatMap((m) => m.tool_calls ?? []).map((c) => c.function.arguments)).toEqual([raw]);
  });

  it('a simulated tool answer nested 5,000 deep is refused (asked once more); the call fails and the session goes on', async () => {
    const { dir, rec, requests } = await runWithModel({
      agent: [{ toolCalls: [{ name: 'weather', arguments: '{"city":"Oslo"}' }] }, { text: 'Done, bye.' }],
      simulator: { text: `{"result":${deepText(5000)}}` },
    });
    const log = events(rec);
    expect(log.find((e) => e.type === 'tool_result')).toMatchObject({ ok: false, via: 'simulate', error: expect.stringContaining('result[0][0][0][0][0]…: nested deeper than 64 levels') });
    expect(requests.filter((q) => !q.body.tools)).toHaveLength(2);
    await expectReadBack(rec, dir);
  });

  it('a simulator cache file holding a 5,000-deep answer: that entry is no entry; the model answers, and the file is written', async () => {
    const key = simKey(TASK.id, 'weather', { city: 'Oslo' }, {});
    const cache = `{"format": "${SIM_CACHE_FORMAT}", "entries": {${JSON.stringify(key)}: {"ok": true, "result": ${deepText(5000)}}}}`;
    const { dir, rec } = await runWithModel({ agent: [{ toolCalls: [{ name: 'weather', arguments: '{"city":"Oslo"}' }] }, { text: 'Done, bye.' }], simulator: { text: '{"result": {"temp_c": 21}}' } }, cache);
    expect(events(rec).find((e) => e.type === 'tool_result')).toMatchObject({ ok: true, via: 'simulate', result: { temp_c: 21 } });
    expect(JSON.parse(readFileSync(join(dir, `${TASK.id}.simcache`), 'utf8'))).toMatchObject({ entries: { [key]: { ok: true, result: { temp_c: 21 } } } });
  });
});

describe('JSONata values', () => {
  const nest = (n: number): string => `($f := function($n) { $n = 0 ? "x" : {"a": $f($n - 1)} }; $f(${n}))`;

  it('a query result or a new world past the limit fails that call; the world stays as it was', async () => {
    const dir = tempDir();
    const task = {
      ...TASK,
      tools: [
        { name: 'deep_result', description: 'Answers deep.', parameters: { type: 'object' }, mock: { query: nest(MAX_NESTING + 1) } },
        { name: 'deep_world', description: 'Nests the world.', parameters: { type: 'object' }, mock: { query: '"ok"', update: `{"deep": ${nest(MAX_NESTING)}}` } },
        { name: 'fine', description: 'Answers at the limit.', parameters: { type: 'object' }, mock: { query: nest(MAX_NESTING - 1) } },
      ],
      rubric: [],
    };
    writeFileSync(join(dir, 'task.json'), JSON.stringify(task));
    writeFileSync(join(dir, 'agent.json'), JSON.stringify([{ call: 'deep_result', args: {} }, { call: 'deep_world', args: {} }, { call: 'fine', args: {} }, { finish: 'bye' }]));
    const rec = join(dir, 'rec.json');
    const r = await cli(['run', '--task', 'task.json', '--agent', 'script:agent.json', '--record', rec, '--json'], dir);
    expectNoCrash(r);
    expect(r.code, show(r)).toBe(0);
    const results = events(rec).filter((e) => e.type === 'tool_result');
    expect(results).toMatchObject([
      { ok: false, via: 'query', error: 'deep_result: query failed: the value is refused: a.a.a.a.a.a…: nested deeper than 64 levels' },
      { ok: false, via: 'query', error: 'deep_world: update failed: the value is refused: deep.a.a.a.a.a…: nested deeper than 64 levels' },
      { ok: true, via: 'query' },
    ]);
    expect(results.some((e) => e.type === 'tool_result' && e.world)).toBe(false);
    await expectReadBack(rec, dir);
  });
});
