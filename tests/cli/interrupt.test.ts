import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { GRACE_MS } from '../../src/io.js';
import { CLI, cliEnv, useTempDirs } from '../helpers/cli.js';
import { type FakeOpenAI, type Reply, startFakeOpenAI } from '../helpers/fake-openai.js';

// Ctrl+C and SIGTERM stop any command within 5 s (issue 15), leaving what was recorded, marked
// incomplete. Signals need a process: each case spawns the built CLI, waits for an event (the fake
// model server got the call, a line of output), signals it and measures from the signal to the exit.
// ProcessInterrupt itself (a second signal, the grace time) is tested with a stand-in in tests/io.test.ts.

const tempDir = useTempDirs('synthagent-interrupt-');
const GOLDEN = new URL('../../fixtures/golden/', import.meta.url).pathname;
const TASKS = new URL('../../fixtures/tasks/', import.meta.url).pathname;

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From the signal to the exit. */
  msAfterSignal: number;
}

/**
 * Spawns the CLI, sends `sig` once `ready()` holds (checked every 10 ms), and waits for the exit. `group`:
 * the CLI runs in a process group of its own and the whole group is signalled, as Ctrl+C at a terminal does.
 */
function stopWhen(args: string[], cwd: string, sig: NodeJS.Signals, ready: (out: { stdout: string; stderr: string }) => boolean, onSpawn?: (pid: number) => void, group = false): Promise<Stopped> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  onSpawn?.(child.pid!);
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (d: string) => void (out.stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => void (out.stderr += d));
  let signalledAt = 0;
  const poll = setInterval(() => {
    if (signalledAt === 0 && ready(out)) {
      signalledAt = Date.now();
      if (group) process.kill(-child.pid!, sig);
      else child.kill(sig);
    }
  }, 10);
  return new Promise((resolve, reject) =>
    child.once('close', (code, signal) => {
      clearInterval(poll);
      if (signalledAt === 0) reject(new Error(`the command ended before it was signalled: exit ${code} ${signal ?? ''}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`));
      else resolve({ code, signal, ...out, msAfterSignal: Date.now() - signalledAt });
    }),
  );
}

const show = (r: Stopped): string => `exit ${r.code} ${r.signal ?? ''} ${r.msAfterSignal} ms after the signal\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

/** A fake model server answering `reply` to every call, for the length of `use`. */
async function withServer<T>(reply: Reply, use: (server: FakeOpenAI) => Promise<T>): Promise<T> {
  const server = await startFakeOpenAI();
  server.script(() => reply);
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}

describe('a signal while a model call waits', () => {
  const model = (server: FakeOpenAI) => ['--agent', 'model', '--model', 'fake', '--base-url', server.url, '--timeout', '600', '--retries', '3'];
  const hang: Reply = { hang: true };
  // The SDK waits out a Retry-After in a timer no signal ends (here capped to --timeout: 600 s).
  const slowDown: Reply = { status: 429, headers: { 'retry-after': '36000' } };

  it.for<[NodeJS.Signals, string, number, Reply]>([
    ['SIGINT', 'a server that never answers', 130, hang],
    ['SIGTERM', 'a server that never answers', 143, hang],
    ['SIGTERM', 'a 429 with Retry-After: 36000', 143, slowDown],
  ])('run, %s during %s: exit %i within 5 s, the recording is kept, complete: false, end: aborted', { timeout: 30_000 }, async ([sig, , code, reply], { expect }) => {
    const cwd = tempDir();
    const { r, requests } = await withServer(reply, async (server) => ({
      r: await stopWhen(['run', '--task', 'travel-rebook', ...model(server), '--record', 'out.json', '--json'], cwd, sig, () => server.requests.length > 0),
      requests: server.requests.length,
    }));
    expect(r.code, show(r)).toBe(code);
    expect(r.msAfterSignal, show(r)).toBeLessThan(5_000);
    expect(r.stderr, show(r)).not.toMatch(/^\s+at /m);
    expect(JSON.parse(r.stdout)).toMatchObject({ end: 'aborted', recording: 'out.json' });
    const rec = readRecording(join(cwd, 'out.json'));
    expect(rec.complete).toBe(false);
    expect(rec.result?.end).toBe('aborted');
    expect(rec.events[0]).toMatchObject({ type: 'user_message', seq: 0 });
    expect(rec.events.at(-1)).toMatchObject({ type: 'end', reason: 'aborted' });
    // Stopping is not a failure of the server: no "model call failed" note for it.
    expect(rec.events.filter((e) => e.type === 'note' && /failed|aborted/.test(e.text))).toEqual([]);
    expect(requests).toBe(1);
  });

  it('a batch, SIGTERM while every bundled task waits on the server: exit 143 within 5 s, every recording incomplete, the resume command printed', async ({ expect }) => {
    const cwd = tempDir();
    const tasks = 11; // the bundled ones, all at once: more calls in flight than Node's default 10 listeners
    const r = await withServer(hang, (server) => stopWhen(['run', '--tasks', '*', '--concurrency', String(tasks), '--out', 'out', ...model(server)], cwd, 'SIGTERM', () => server.requests.length >= tasks));
    expect(r.code, show(r)).toBe(143);
    expect(r.msAfterSignal, show(r)).toBeLessThan(5_000);
    expect(r.stderr, show(r)).toMatch(new RegExp(`^interrupted: 0 of ${tasks} sessions done; resume with: synthagent run --tasks '\\*' --concurrency ${tasks} --out out `, 'm'));
    expect(r.stderr, show(r)).not.toMatch(/Warning/);
    const files = readdirSync(join(cwd, 'out')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(tasks);
    for (const f of files) expect(readRecording(join(cwd, 'out', f)), f).toMatchObject({ complete: false, result: { end: 'aborted' } });
  }, 30_000);

  it('serve --http, SIGTERM while a step waits on the user model (429, Retry-After: 36000): exit 0 within 5 s, the step answered, the session saved incomplete', async ({ expect }) => {
    const cwd = tempDir();
    let step: Promise<{ done: boolean; info: { end?: string; recording?: string } }> | null = null;
    const r = await withServer(slowDown, (server) => stopWhen(['serve', '--http', '--port', '0', '--task', 'travel-rebook', '--user', 'model', '--model', 'fake', '--base-url', server.url, '--timeout', '600', '--retries', '3'], cwd, 'SIGTERM', (out) => {
      const url = /HTTP environment at (http:\/\/\S+)/.exec(out.stderr)?.[1];
      if (url && !step) {
        step = fetch(`${url}/sessions`, { method: 'POST', body: JSON.stringify({ task: 'travel-rebook' }) })
          .then((res) => res.json() as Promise<{ session: string }>)
          .then(({ session }) => fetch(`${url}/sessions/${session}/step`, { method: 'POST', body: JSON.stringify({ action: { say: 'What is your booking reference?' } }) }))
          .then((res) => res.json() as Promise<{ done: boolean; info: { end?: string; recording?: string } }>);
      }
      return server.requests.length > 0;
    }));
    expect(r.code, show(r)).toBe(0);
    expect(r.msAfterSignal, show(r)).toBeLessThan(5_000);
    expect(r.stderr, show(r)).toContain('stopped (stopped by SIGTERM); 1 live session saved as incomplete');
    const answer = await step!;
    expect(answer).toMatchObject({ done: true, info: { end: 'aborted' } });
    const rec = readRecording(join(cwd, answer.info.recording!));
    expect(rec).toMatchObject({ complete: false, result: { end: 'aborted' } });
  }, 30_000);
});

describe('a command that is slow to stop', () => {
  it('run, SIGINT while its end is held up by slow rubric world checks: the process exits 3 s after the signal, the recording kept, incomplete', async ({ expect }) => {
    const cwd = tempDir();
    const task = JSON.parse(readFileSync(join(TASKS, 'travel/travel-rebook.json'), 'utf8')) as { rubric: unknown[]; limits: unknown };
    // Each check runs into JSONata's 1 s timeout: ending the aborted session takes 4 s or more.
    const slow = '($f := function($n){ $n > 0 ? $f($n - 1) : 0 }; $sum([1..99999].$f(400)) > 0)';
    for (let i = 0; i < 4; i++) task.rubric.push({ id: `slow-${i}`, kind: 'subgoal', description: `slow ${i}`, check: { type: 'world', query: slow } });
    task.limits = { maxTurns: 1_000_000, maxToolCalls: 1_000_000 };
    writeFileSync(join(cwd, 'task.json'), JSON.stringify(task));
    writeFileSync(join(cwd, 'script.json'), JSON.stringify(Array.from({ length: 30_000 }, () => ({ call: 'get_booking', args: { booking_id: 'BK-4411' } }))));
    const r = await stopWhen(['run', '--task', 'task.json', '--agent', 'script:script.json', '--record', 'out.json'], cwd, 'SIGINT', (out) => out.stdout.includes('get_booking'));
    expect(r.code, show(r)).toBe(130);
    expect(r.msAfterSignal, show(r)).toBeGreaterThanOrEqual(GRACE_MS);
    expect(r.msAfterSignal, show(r)).toBeLessThan(5_000);
    expect(r.stderr.trim()).toBe('synthagent: stopped by SIGINT before the command could end; what was recorded is kept, marked incomplete');
    const rec = readRecording(join(cwd, 'out.json'));
    expect(rec.complete).toBe(false);
    expect(rec.events.filter((e) => e.type === 'tool_call').length).toBeGreaterThan(0);
    expect(rec.events.map((e) => e.seq)).toEqual(rec.events.map((_, i) => i));
  }, 30_000);

  it('run, Ctrl+C at a terminal (the whole process group) while a JSONata tool call is evaluating: the call is answered, not failed', async () => {
    const cwd = tempDir();
    const task = JSON.parse(readFileSync(join(TASKS, 'travel/travel-rebook.json'), 'utf8')) as { tools: { name: string; mock: unknown }[] };
    // Each call takes a while in the sandbox, so one is in flight when the signal comes.
    task.tools.find((t) => t.name === 'get_booking')!.mock = { query: '($f := function($n){ $n > 0 ? $f($n - 1) : 0 }; $sum([1..400].$f(100)); {"id": $$.args.booking_id})' };
    writeFileSync(join(cwd, 'task.json'), JSON.stringify(task));
    writeFileSync(join(cwd, 'script.json'), JSON.stringify(Array.from({ length: 40 }, (_, i) => ({ call: 'get_booking', args: { booking_id: `BK-${i}` } }))));
    const r = await stopWhen(['run', '--task', 'task.json', '--agent', 'script:script.json', '--record', 'out.json'], cwd, 'SIGINT', (out) => / ok /.test(out.stdout), undefined, true);
    expect(r.code, show(r)).toBe(130);
    expect(r.msAfterSignal, show(r)).toBeLessThan(5_000);
    const rec = readRecording(join(cwd, 'out.json'));
    expect(rec).toMatchObject({ complete: false, result: { end: 'aborted' } });
    const results = rec.events.filter((e) => e.type === 'tool_result');
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((e) => !e.ok), 'the sandbox child was killed by the signal meant for the tool').toEqual([]);
  }, 30_000);

  it('replay of 300 recordings, SIGINT after the first: ends within 5 s with exit 130, and no JSONata child is left running', async ({ expect }) => {
    const cwd = tempDir();
    const dir = join(cwd, 'recs');
    mkdirSync(dir);
    const golden = readdirSync(GOLDEN).flatMap((task) => readdirSync(join(GOLDEN, task)).map((f) => join(GOLDEN, task, f)));
    for (let i = 0; i < 300; i++) copyFileSync(golden[i % golden.length]!, join(dir, `r${i}.json`));
    let pid = 0;
    const children = new Set<number>();
    const r = await stopWhen(['replay', 'recs'], cwd, 'SIGINT', (out) => {
      // The children it has at the moment of the signal (the JSONata sandbox).
      for (const c of spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) children.add(Number(c));
      return children.size > 0 && out.stdout.includes('\n');
    }, (p) => (pid = p));
    expect(r.code === 130 || r.signal === 'SIGINT', show(r)).toBe(true);
    expect(r.msAfterSignal, show(r)).toBeLessThan(5_000);
    expect(r.stdout.split('\n').length, 'it stopped early').toBeLessThan(300);
    // A child's end is its own event: wait for it (bounded), then none is left.
    const alive = (c: number): boolean => {
      try {
        process.kill(c, 0);
        return spawnSync('ps', ['-o', 'stat=', '-p', String(c)], { encoding: 'utf8' }).stdout.trim().startsWith('Z') === false;
      } catch {
        return false;
      }
    };
    await vi.waitFor(() => expect([...children].filter(alive)).toEqual([]), { timeout: 5_000, interval: 20 });
  }, 30_000);
});
