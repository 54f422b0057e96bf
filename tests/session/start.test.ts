import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelKit } from '../../src/adapters/model-kit.js';
import type { ModelClient } from '../../src/adapters/model-types.js';
import { readRecording } from '../../src/adapters/recording-file.js';
import { RecordingStore } from '../../src/adapters/recording-store.js';
import { jsonataSandbox, JsonataSandbox } from '../../src/adapters/jsonata-sandbox.js';
import { RunCaches } from '../../src/adapters/run-caches.js';
import type { LoadedTask } from '../../src/adapters/task-files.js';
import type { Task } from '../../src/domain/task.js';
import { HumanInbox } from '../../src/roles/human.js';
import type { AgentAction, AgentRole } from '../../src/roles/role.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { assembleSession, type SessionDeps, type SessionPlan } from '../../src/session/start.js';
import { useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';
import { exampleTask, paperLikeTask, tinyTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-start-');

/** A client that must never be called: the tests here assemble roles, they do not ask a model. */
const noCalls: ModelClient = { chat: async () => Promise.reject(new Error('no model call expected')) };
const deps = (flags: Parameters<typeof modelKit>[0] = {}, more: Partial<SessionDeps> = {}): SessionDeps => ({ models: modelKit({ env: {}, ...flags }, noCalls), caches: new RunCaches(), ...more });

/** The task written to a temp folder, as a command loads it. */
function loaded(task: Task = exampleTask()): LoadedTask {
  const file = join(tempDir(), `${task.id}.json`);
  writeFileSync(file, JSON.stringify(task));
  return { task, file, source: { file } };
}

const plan = (over: Partial<SessionPlan> = {}): SessionPlan => ({ loaded: { task: exampleTask() }, agent: { kind: 'reference' }, user: { kind: 'sim' }, ...over });

describe('assembleSession: roles from their specs', () => {
  it('reference against sim, nothing recorded: plays to score 1', async () => {
    const session = assembleSession(plan(), deps());
    expect(session.file).toBeNull();
    expect(session.agent.info).toEqual({ kind: 'reference' });
    expect(session.user.info).toEqual({ kind: 'sim' });
    expect(session.id).toMatch(/^travel-rebook-/);
    const run = await session.run();
    expect(run).toMatchObject({ saveError: null, notStarted: null });
    expect(run.result).toMatchObject({ score: 1, passed: true, end: 'agent_finished' });
  });

  it("the task's JSONata is evaluated by the run's caches (its own sandbox when given one), and reset forgets its results", async () => {
    const expressions = new JsonataSandbox();
    try {
      const before = { ...jsonataSandbox.answered };
      const caches = new RunCaches({ expressions });
      const first = await assembleSession(plan(), { ...deps(), caches }).run();
      expect(first.result.score).toBe(1);
      const used = expressions.answered.inline + expressions.answered.child;
      expect(used).toBeGreaterThan(0);
      // The process's sandbox was not asked.
      expect(jsonataSandbox.answered).toEqual(before);
      await assembleSession(plan(), { ...deps(), caches }).run();
      expect(expressions.answered.inline + expressions.answered.child).toBe(used); // all remembered
      caches.reset();
      await assembleSession(plan(), { ...deps(), caches }).run();
      expect(expressions.answered.inline + expressions.answered.child).toBe(2 * used);
    } finally {
      await expressions.close();
    }
  });

  it('a given role is used as it is', () => {
    const agent = scriptAgent([{ finish: 'bye' }], { kind: 'script' });
    expect(assembleSession(plan({ agent: { kind: 'given', role: agent } }), deps()).agent).toBe(agent);
  });

  it('a human side with an inbox is played by the person', async () => {
    let waited!: () => void;
    const asked = new Promise<void>((resolve) => (waited = resolve));
    const inbox = new HumanInbox<AgentAction>((waiting) => waiting && waited());
    const session = assembleSession(plan({ agent: { kind: 'human' }, humans: { agent: inbox } }), deps());
    expect(session.agent.info).toEqual({ kind: 'human' });
    const running = session.run();
    await asked;
    expect(inbox.submit({ type: 'finish', text: 'done' })).toBe(true);
    expect((await running).result.end).toBe('agent_finished');
  });

  it('a model side gets the model named for it', () => {
    const session = assembleSession(plan({ agent: { kind: 'model' }, user: { kind: 'model' } }), deps({ agentModel: 'a-model', userModel: 'u-model' }));
    expect(session.agent.info).toMatchObject({ kind: 'model', model: 'a-model' });
    expect(session.user.info).toMatchObject({ kind: 'model', model: 'u-model' });
  });

  it.each<[string, Partial<SessionPlan>, Parameters<typeof modelKit>[0], RegExp]>([
    ['a model agent without a model', { agent: { kind: 'model' } }, {}, /^--agent model needs a model: pass --model NAME \(or --agent-model NAME\)/],
    ['a model user without a model', { user: { kind: 'model' } }, { agentModel: 'x' }, /^--user model needs a model/],
    ['a human agent without an inbox', { agent: { kind: 'human' } }, {}, /^--agent human needs the playground/],
    ['a human user without an inbox', { user: { kind: 'human' } }, {}, /^--user human needs the playground/],
    ['a reference for a task with none', { loaded: { task: tinyTask() } }, {}, /^tiny: reference: the task has no reference solution/],
    ['a script file that does not exist', { agent: { kind: 'script', file: '/no/such/script.json' } }, {}, /no\/such\/script\.json/],
  ])('refuses %s with a UserError, before anything runs', (_name, over, flags, message) => {
    expect(userErrorMessage(() => assembleSession(plan(over), deps(flags)))).toMatch(message);
  });
});

describe('assembleSession: recording', () => {
  it("record: 'store' writes a complete recording into the store and indexes it", async () => {
    const store = new RecordingStore(tempDir());
    const session = assembleSession(plan({ loaded: loaded(), record: 'store', id: 'rec-1' }), deps({}, { store }));
    expect(session.file).toBe(store.fileFor('rec-1'));
    const run = await session.run();
    expect(run.saveError).toBeNull();
    const rec = readRecording(session.file!);
    expect(rec).toMatchObject({ id: 'rec-1', complete: true, result: { score: 1 } });
    expect(rec.events).toHaveLength(run.log.events.length);
    expect(store.list().map((e) => [e.id, e.complete, e.score])).toEqual([['rec-1', true, 1]]);
  });

  it('record: { file } writes there; the store learns nothing without one', async () => {
    const file = join(tempDir(), 'out.json');
    const session = assembleSession(plan({ loaded: loaded(), record: { file } }), deps());
    await session.run();
    expect(readRecording(file).complete).toBe(true);
  });

  it("record: 'store' without a store, or a recorded session without a task file, is a programming error", () => {
    expect(() => assembleSession(plan({ loaded: loaded(), record: 'store' }), deps())).toThrow(/needs deps\.store/);
    expect(() => assembleSession(plan({ record: { file: join(tempDir(), 'x.json') } }), deps())).toThrow(/needs its task file/);
  });

  it('needsRecording: a recording that cannot be created stops the session before its first move', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), 'a file, not a folder');
    const file = join(dir, 'blocker', 'rec.json');
    const session = assembleSession(plan({ loaded: loaded(), record: { file } }), deps());
    const run = await session.run({ needsRecording: true });
    expect(run.notStarted).toMatch(/blocker\/rec\.json: recording not saved: /);
    // Only the task's opening message: no role made a move.
    expect(run.log.events.map((e) => e.type)).toEqual(['user_message', 'end']);
    expect(run.result.end).toBe('aborted');
    expect(existsSync(file)).toBe(false);
  });

  it('without needsRecording the same session goes on unsaved and says so', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), '');
    const session = assembleSession(plan({ loaded: loaded(), record: { file: join(dir, 'blocker', 'rec.json') } }), deps());
    const run = await session.run();
    expect(run.notStarted).toBeNull();
    expect(run.result.score).toBe(1);
    expect(run.saveError).toMatch(/recording not saved/);
  });

  it('an aborted signal ends the session as aborted, saved as incomplete', async () => {
    const file = join(tempDir(), 'aborted.json');
    const session = assembleSession(plan({ loaded: loaded(), record: { file } }), deps());
    const run = await session.run({ signal: AbortSignal.abort() });
    expect(run.result.end).toBe('aborted');
    expect(readRecording(file)).toMatchObject({ complete: false, result: { end: 'aborted' } });
  });

  it('onStart sees the log before the first event', async () => {
    const seen: number[] = [];
    await assembleSession(plan(), deps()).run({ onStart: (log) => seen.push(log.events.length) });
    expect(seen).toEqual([0]);
  });
});

describe('assembleSession: fork', () => {
  it('a reference agent goes on from the prefix, skipping the moves it holds', async () => {
    const task = exampleTask();
    const full = await assembleSession(plan(), deps()).run();
    const cut = full.log.events.findIndex((e) => e.type === 'tool_call');
    const prefix = full.log.events.slice(0, cut + 2); // through the first call and its result
    const forked = await assembleSession(plan({ loaded: { task }, fork: { prefix } }), deps()).run();
    expect(forked.log.events.slice(0, prefix.length)).toEqual(prefix);
    expect(forked.log.events.filter((e) => e.type === 'tool_call').map((e) => e.type === 'tool_call' && e.tool)).toEqual(full.log.events.filter((e) => e.type === 'tool_call').map((e) => e.type === 'tool_call' && e.tool));
    expect(forked.result.score).toBe(1);
  });
});

describe('assembleSession: simulator and judges', () => {
  const judged = (): Task => ({ ...exampleTask(), rubric: [...exampleTask().rubric, { id: 'polite', kind: 'subgoal', description: 'Is polite', check: { type: 'judge', criterion: 'The agent is polite.' } }] });

  it.each<[string, () => Task, Parameters<typeof modelKit>[0], { simulate: boolean; judge: boolean }]>([
    ['a task with neither, models set', exampleTask, { model: 'm' }, { simulate: false, judge: false }],
    ['judge items and a judge model', judged, { judgeModel: 'j' }, { simulate: false, judge: true }],
    ['judge items, no judge model: unjudged', judged, {}, { simulate: false, judge: false }],
    ['judge items, whole mode: no item judge', judged, { judgeModel: 'j', judgeMode: 'whole' }, { simulate: false, judge: false }],
    ['simulated tools, no tool model: still a simulator (cached answers, the default)', paperLikeTask, {}, { simulate: true, judge: false }],
    ['simulated tools and judge items, every model set', paperLikeTask, { model: 'm' }, { simulate: true, judge: true }],
  ])('%s', (_name, task, flags, expected) => {
    const session = assembleSession(plan({ loaded: loaded(task()), agent: { kind: 'script', file: scriptFile() } }), deps(flags));
    expect({ simulate: session.simulate !== undefined, judge: session.judge !== undefined }).toEqual(expected);
  });

  it('a task given without its file simulates nothing (no place for the answers cache)', () => {
    expect(assembleSession(plan({ loaded: { task: paperLikeTask() }, agent: { kind: 'script', file: scriptFile() } }), deps({ model: 'm' })).simulate).toBeUndefined();
  });

  it('explicit null turns the simulator and the judge off; a person judging replaces the judge model', () => {
    const off = assembleSession(plan({ loaded: loaded(judged()), simulate: null, judge: null }), deps({ model: 'm' }));
    expect([off.simulate, off.judge]).toEqual([undefined, undefined]);
    const person = async (): Promise<null> => null;
    expect(assembleSession(plan({ loaded: loaded(judged()), humans: { judge: person } }), deps({ model: 'm' })).judge).toBe(person);
    // … but only when the task has judge items.
    expect(assembleSession(plan({ loaded: loaded(exampleTask()), humans: { judge: person } }), deps({ model: 'm' })).judge).toBeUndefined();
  });

  it('the simulator keeps its answers next to the task file, in <id>.simcache', async () => {
    const l = loaded(paperLikeTask());
    const agent: AgentRole = scriptAgent([{ call: 'StatsAPI', args: { player: 'A' } }, { finish: 'ok' }], { kind: 'script' });
    const asked: string[] = [];
    const session = assembleSession(plan({ loaded: l, agent: { kind: 'given', role: agent }, humans: { tools: async (req) => (asked.push(req.tool.name), { ok: true as const, result: { points: 3 } }) } }), deps());
    const run = await session.run();
    expect(asked).toEqual(['StatsAPI']);
    expect(run.log.events.find((e) => e.type === 'tool_result'), JSON.stringify(run.log.events)).toMatchObject({ ok: true, result: { points: 3 }, via: 'simulate' });
    expect(readFileSync(join(l.file, '..', 'paper-like.simcache'), 'utf8')).toMatch(/"points": ?3/);
  });
});

function scriptFile(): string {
  const file = join(tempDir(), 'script.json');
  writeFileSync(file, JSON.stringify([{ finish: 'bye' }]));
  return file;
}
