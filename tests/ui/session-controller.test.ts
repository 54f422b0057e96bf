import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forkPoint } from '../../src/adapters/fork.js';
import { RunCaches } from '../../src/adapters/run-caches.js';
import { RecordingStore } from '../../src/adapters/recording-store.js';
import type { Task } from '../../src/domain/task.js';
import { simUser } from '../../src/roles/sim-user.js';
import type { SessionDeps } from '../../src/session/start.js';
import { abortLiveSessions, type ControllerPlan, SessionController, type SessionSnapshot } from '../../src/ui/session-controller.js';
import { useTempDirs } from '../helpers/cli.js';
import { exampleTask, paperLikeTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-controller-');
const made: SessionController[] = [];
afterEach(async () => {
  for (const c of made.splice(0)) c.abort();
});

function controller(plan: Partial<ControllerPlan> = {}, deps: SessionDeps = { caches: new RunCaches() }): SessionController {
  const c = new SessionController({ loaded: { task: exampleTask() }, agent: { kind: 'human' }, user: { kind: 'given', role: simUser() }, ...plan }, deps);
  made.push(c);
  return c;
}

/** Resolves with the first snapshot that satisfies `ok` (the current one, or a published one). */
function snapshotWhere(c: SessionController, ok: (s: SessionSnapshot) => boolean): Promise<SessionSnapshot> {
  return new Promise((resolve) => {
    const check = (): void => {
      const s = c.getSnapshot();
      if (!ok(s)) return;
      stop();
      resolve(s);
    };
    const stop = c.subscribe(check);
    check();
  });
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('SessionController: a person plays a side', () => {
  it('before start: no events, nobody waiting; after start: the opening message, the agent waits', async () => {
    const c = controller();
    expect(c.getSnapshot()).toMatchObject({ events: [], waiting: null, result: null, recordingFile: null, asking: null, paused: false });
    expect(c.submitAgent({ type: 'say', text: 'hi' })).toBe(false); // nobody waits yet: nothing happens
    void c.start();
    const s = await snapshotWhere(c, (x) => x.waiting === 'agent');
    expect(s.events.map((e) => e.type)).toEqual(['user_message']);
    expect(c.submitUser({ type: 'say', text: 'x' })).toBe(false); // the user side is not a person's
  });

  it('a move is logged, the reply follows, and the agent waits again; a new snapshot and events array only on change', async () => {
    const c = controller();
    void c.start();
    const first = await snapshotWhere(c, (x) => x.waiting === 'agent');
    expect(c.getSnapshot()).toBe(first); // nothing changed: the same object
    expect(c.submitAgent({ type: 'say', text: 'What is your booking reference?' })).toBe(true);
    const next = await snapshotWhere(c, (x) => x.waiting === 'agent' && x.events.length > first.events.length);
    expect(next).not.toBe(first);
    expect(next.events.map((e) => e.type)).toEqual(['user_message', 'agent_message', 'user_message', 'rubric_hit']);
    expect(first.events).toHaveLength(1); // an old snapshot is never changed
  });

  it('start() runs once; finishing gives the result in the snapshot', async () => {
    const c = controller();
    const started = c.start();
    expect(c.start()).toBe(started);
    await snapshotWhere(c, (x) => x.waiting === 'agent');
    c.submitAgent({ type: 'finish', text: 'bye' });
    const result = await started;
    expect(result.end).toBe('agent_finished');
    expect(c.getSnapshot()).toMatchObject({ result, waiting: null });
  });

  it('abort ends a waiting session as aborted', async () => {
    const c = controller();
    const started = c.start();
    await snapshotWhere(c, (x) => x.waiting === 'agent');
    c.abort();
    expect((await started).end).toBe('aborted');
  });

  it('abortLiveSessions ends every running session and waits for each', async () => {
    const a = controller();
    const b = controller();
    const runs = [a.start(), b.start()];
    await Promise.all([snapshotWhere(a, (x) => x.waiting === 'agent'), snapshotWhere(b, (x) => x.waiting === 'agent')]);
    await abortLiveSessions();
    expect(a.getSnapshot().result?.end).toBe('aborted');
    expect(b.getSnapshot().result?.end).toBe('aborted');
    expect((await Promise.all(runs)).map((r) => r.end)).toEqual(['aborted', 'aborted']);
  });

  it('a gate holds the start; abort before it opens ends the session unplayed', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const held = new SessionController({ loaded: { task: exampleTask() }, agent: { kind: 'human' }, user: { kind: 'given', role: simUser() } }, { caches: new RunCaches() }, gate);
    made.push(held);
    void held.start();
    await flush();
    expect(held.getSnapshot().events).toEqual([]);
    open();
    await snapshotWhere(held, (x) => x.waiting === 'agent');

    const never = new SessionController({ loaded: { task: exampleTask() }, agent: { kind: 'human' }, user: { kind: 'given', role: simUser() } }, { caches: new RunCaches() }, new Promise(() => {}));
    const run = never.start();
    never.abort();
    expect((await run).end).toBe('aborted');
  });

  it('records to the store: the snapshot names the file before the session starts', async () => {
    const task = exampleTask();
    const file = join(tempDir(), 'task.json');
    writeFileSync(file, JSON.stringify(task));
    const store = new RecordingStore(tempDir());
    const c = controller({ loaded: { task, file, source: { file } }, record: 'store', id: 'ui-1' }, { caches: new RunCaches(), store });
    expect(c.getSnapshot().recordingFile).toBe(store.fileFor('ui-1'));
    const run = c.start();
    await snapshotWhere(c, (x) => x.waiting === 'agent');
    c.submitAgent({ type: 'finish' });
    await run;
    expect(c.getSnapshot().saveError).toBeNull();
    expect(store.list().map((e) => e.id)).toEqual(['ui-1']);
  });
});

describe('SessionController: a person answers tools and judges', () => {
  function paperPlay(people: { tools?: boolean; judge?: boolean }): SessionController {
    const task: Task = paperLikeTask();
    const file = join(tempDir(), 'paper-like.json');
    writeFileSync(file, JSON.stringify(task));
    return controller({ loaded: { task, file, source: { file } }, people });
  }

  it('a simulated call is asked of the person; the answer becomes the result', async () => {
    const c = paperPlay({ tools: true });
    void c.start();
    await snapshotWhere(c, (x) => x.waiting === 'agent');
    expect(c.answerTool({ ok: true, result: 1 })).toBe(false); // nothing asked yet
    c.submitAgent({ type: 'call', tool: 'StatsAPI', args: { player: 'A' } });
    const asked = await snapshotWhere(c, (x) => x.asking !== null);
    expect(asked.asking).toMatchObject({ kind: 'tool', tool: { name: 'StatsAPI' }, args: { player: 'A' }, earlier: 0 });
    expect(c.answerTool({ ok: true, result: { points: 7 } })).toBe(true);
    const answered = await snapshotWhere(c, (x) => x.asking === null && x.events.some((e) => e.type === 'tool_result'));
    expect(answered.events.find((e) => e.type === 'tool_result')).toMatchObject({ ok: true, result: { points: 7 }, via: 'simulate' });
  });

  it('judge items are asked one by one, counted; a skipped item stays unjudged', async () => {
    const c = paperPlay({ judge: true });
    const run = c.start();
    await snapshotWhere(c, (x) => x.waiting === 'agent');
    c.submitAgent({ type: 'finish', text: 'done' });
    const first = await snapshotWhere(c, (x) => x.asking?.kind === 'judge');
    expect(first.asking).toMatchObject({ kind: 'judge', item: { id: 'goal-stats' }, index: 1, of: 2 });
    expect(c.answerJudge({ verdict: true, reason: 'it did' })).toBe(true);
    const second = await snapshotWhere(c, (x) => x.asking?.kind === 'judge' && x.asking.index === 2);
    expect(second.asking).toMatchObject({ item: { id: 'goal-explain' }, of: 2 });
    c.answerJudge(null);
    const result = await run;
    expect(result.unjudged).toEqual(['goal-explain']);
    expect(result.hits.map((h) => h.item)).toContain('goal-stats');
  });
});

describe('SessionController: watching at a pace', () => {
  const watched = (pace: number): SessionController => controller({ agent: { kind: 'reference' }, pace });

  it('Space and n do nothing for a session a person plays', async () => {
    const c = controller();
    expect(c.watched).toBe(false);
    void c.start();
    await snapshotWhere(c, (x) => x.waiting === 'agent');
    const before = c.getSnapshot();
    c.togglePause();
    c.step();
    await flush();
    expect(c.getSnapshot().paused).toBe(false);
    expect(c.getSnapshot().events).toBe(before.events);
  });

  it('pace 0 plays to the end with every event shown', async () => {
    const c = watched(0);
    expect(c.watched).toBe(true);
    const result = await c.start();
    expect(result.score).toBe(1);
    const s = c.getSnapshot();
    expect(s.events.at(-1)).toMatchObject({ type: 'end', reason: 'agent_finished' });
  });

  it('a long pace shows only the opening; paused, n shows exactly one more; Esc ends with all shown', async () => {
    const c = watched(60_000);
    const run = c.start();
    await snapshotWhere(c, (x) => x.events.length === 1);
    await flush();
    expect(c.getSnapshot().events).toHaveLength(1);
    c.step(); // not paused: nothing happens
    await flush();
    expect(c.getSnapshot().events).toHaveLength(1);
    c.togglePause();
    await snapshotWhere(c, (x) => x.paused);
    c.step();
    await snapshotWhere(c, (x) => x.events.length === 2);
    c.abort();
    const result = await run;
    expect(result.end).toBe('aborted');
    const s = c.getSnapshot();
    expect(s.paused).toBe(false);
    expect(s.events.at(-1)).toMatchObject({ type: 'end', reason: 'aborted' });
  });
});

describe('SessionController: fork label', () => {
  it('is null for a fresh session and "fork of ID at seq N" for a fork of a recording', async () => {
    expect(controller().fork).toBeNull();
    const task = exampleTask();
    const taskFile = join(tempDir(), 'task.json');
    writeFileSync(taskFile, JSON.stringify(task));
    const store = new RecordingStore(tempDir());
    const parent = controller({ loaded: { task, file: taskFile, source: { file: taskFile } }, agent: { kind: 'reference' }, record: 'store', id: 'parent-1', pace: 0 }, { caches: new RunCaches(), store });
    await parent.start();
    const fork = forkPoint(store.fileFor('parent-1'), '3');
    const child = controller({ loaded: { task, file: taskFile, source: { file: taskFile } }, agent: { kind: 'reference' }, fork, pace: 0 });
    expect(child.fork).toBe('fork of parent-1 at seq 3');
    const result = await child.start();
    expect(child.getSnapshot().events.slice(0, 4)).toEqual(parent.getSnapshot().events.slice(0, 4));
    expect(result.score).toBe(1);
  });
});
