import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { RecordingStore } from '../../src/adapters/recording-store.js';
import { RunCaches } from '../../src/adapters/run-caches.js';
import type { LoadedTask } from '../../src/adapters/task-files.js';
import { SessionOverError } from '../../src/roles/outside-agent.js';
import type { AgentAction } from '../../src/roles/role.js';
import { ServedSession, servedBinding } from '../../src/serve/served-session.js';
import { useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';
import { exampleTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-served-');

function setup() {
  const task = exampleTask();
  const file = join(tempDir(), 'task.json');
  writeFileSync(file, JSON.stringify(task));
  const loaded: LoadedTask = { task, file, source: { file } };
  const store = new RecordingStore(tempDir());
  return { loaded, store, deps: { caches: new RunCaches(), store } };
}

/** The task's reference as outside moves. */
const referenceMoves = (): AgentAction[] =>
  exampleTask().reference!.map((s): AgentAction => ('say' in s ? { type: 'say', text: s.say } : 'call' in s ? { type: 'call', tool: s.call, args: s.args } : s.finish ? { type: 'finish', text: s.finish } : { type: 'finish' }));

describe('ServedSession', () => {
  it('plays the reference through outside moves to score 1, recorded in the store as an http agent', async () => {
    const { loaded, deps, store } = setup();
    const ended: number[] = [];
    const s = new ServedSession({ loaded, agent: { kind: 'http', client: 'trainer' }, user: { kind: 'sim' }, deps, onEnd: (_s, r) => void ended.push(r.score) });
    expect(s.file).toBe(store.fileFor(s.id));
    expect((await s.opening()).items).toEqual([{ type: 'user_message', text: loaded.task.instruction }]);
    let last = null;
    for (const move of referenceMoves()) last = await s.step(move);
    expect(last).toMatchObject({ done: true, result: { score: 1 } });
    expect((await s.finished).score).toBe(1);
    expect(ended).toEqual([1]);
    expect(s.recordingError).toBeNull();
    expect(s.counts.toolCalls).toBeGreaterThan(0);
    expect(readRecording(s.file)).toMatchObject({ complete: true, roles: { agent: { kind: 'http', client: 'trainer' }, user: { kind: 'sim' } } });
    await expect(s.step({ type: 'say', text: 'hello?' })).rejects.toBeInstanceOf(SessionOverError);
  });

  it('abort ends it, saved incomplete', async () => {
    const { loaded, deps } = setup();
    const s = new ServedSession({ loaded, agent: { kind: 'http' }, user: { kind: 'sim' }, deps });
    await s.opening();
    await s.step({ type: 'say', text: 'What is your booking reference?' });
    const result = await s.abort();
    expect(result.end).toBe('aborted');
    expect(readRecording(s.file)).toMatchObject({ complete: false, result: { end: 'aborted' } });
    expect(s.events.at(-1)).toMatchObject({ type: 'end', reason: 'aborted' });
  });

  it('a user that cannot be served is refused before anything runs', () => {
    const { loaded, deps } = setup();
    expect(userErrorMessage(() => new ServedSession({ loaded, agent: { kind: 'http' }, user: { kind: 'human' }, deps }))).toMatch(/--user human needs the playground/);
  });
});

describe('servedBinding', () => {
  it('opens one session at the first move, named by the MCP client; later opens give the same one', async () => {
    const { loaded, deps, store } = setup();
    const b = servedBinding({ loaded, user: { kind: 'sim' }, deps });
    expect(b.task).toBe(loaded.task);
    const first = b.open('agent 1.0');
    const again = b.open('someone else');
    expect(again.file).toBe(first.file);
    const out = await first.step({ type: 'say', text: 'What is your booking reference?' });
    // The opening reached the client as the instructions: the first answer does not repeat it.
    expect(out.items).toEqual([{ type: 'user_message', text: expect.stringContaining('BK-4411') }]);
    await b.closed();
    expect(readRecording(first.file!)).toMatchObject({ complete: false, roles: { agent: { kind: 'mcp', client: 'agent 1.0' } } });
    expect(store.list()).toHaveLength(1);
  });

  it('after the connection closed, it may not play; a connection that never played records nothing', async () => {
    const { loaded, deps, store } = setup();
    const b = servedBinding({ loaded, user: { kind: 'sim' }, deps });
    await b.closed();
    expect(userErrorMessage(() => b.open('late'))).toBe('the connection has closed');
    expect(store.list()).toEqual([]);
  });
});
