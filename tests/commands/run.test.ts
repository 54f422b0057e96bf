import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { type RunFlags, runCommand } from '../../src/commands/run.js';
import { SystemError } from '../../src/errors.js';
import type { CliIo } from '../../src/io.js';
import { buffer, cliEnv, useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';
import { exampleTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-run-cmd-');

function setup(over: Partial<RunFlags> = {}, interrupt?: CliIo['interrupt']) {
  const dir = tempDir();
  const stdout = buffer();
  const stderr = buffer();
  const io: CliIo = { stdout, stderr, env: cliEnv(), cwd: dir, ...(interrupt ? { interrupt } : {}) };
  const flags: RunFlags = { task: 'travel-rebook', agent: 'reference', user: 'sim', json: false, noRecord: false, recordingsDir: join(dir, 'recordings'), models: { env: {} }, ...over };
  return { dir, io, flags, stdout, stderr };
}

describe('runCommand', () => {
  it('text: the title, one line per event as it happens, the rubric table and where it was recorded', async () => {
    const { io, flags, stdout } = setup();
    expect(await runCommand(flags, io)).toBe(0);
    const lines = stdout.text().split('\n');
    expect(lines[0]).toBe(`${exampleTask().title}  (travel-rebook, travel)`);
    expect(lines[1]).toMatch(/^\s+0 user\s+/);
    expect(lines.some((l) => /^score 1\.00  PASSED/.test(l))).toBe(true);
    expect(lines.find((l) => l.startsWith('recording: '))).toMatch(/recordings\/travel-rebook-\d{8}-\d{6}-[0-9a-f]{8}\.json$/);
  });

  it('--json: one object, with the recording and both rewards', async () => {
    const { io, flags, stdout } = setup({ json: true });
    expect(await runCommand(flags, io)).toBe(0);
    const out = JSON.parse(stdout.text()) as Record<string, unknown>;
    expect(out).toMatchObject({ task: 'travel-rebook', score: 1, passed: true, end: 'agent_finished', unjudged: [], reward: 'paper' });
    expect(readRecording(out.recording as string).complete).toBe(true);
  });

  it('--record FILE writes there (and not in the recordings folder); --no-record writes nothing', async () => {
    const a = setup({ record: join(tempDir(), 'mine.json'), json: true });
    await runCommand(a.flags, a.io);
    expect(readRecording(a.flags.record!).result?.score).toBe(1);
    const b = setup({ noRecord: true, json: true });
    await runCommand(b.flags, b.io);
    expect(JSON.parse(b.stdout.text()).recording).toBeNull();
  });

  it('--from REC --at SEQ: a fork, said on the second line', async () => {
    const parent = setup({ record: join(tempDir(), 'parent.json'), json: true });
    await runCommand(parent.flags, parent.io);
    const child = setup({ task: undefined, from: parent.flags.record, at: '2' });
    expect(await runCommand(child.flags, child.io)).toBe(0);
    // seq 2 earned a hit (seq 3): a fork keeps the hits its last event earned.
    expect(child.stdout.text().split('\n')[1]).toMatch(/^forked from .*parent\.json at seq 3$/);
  });

  it('a signal before the first move: the session ends aborted, saved incomplete, exit 128 + its number', async () => {
    const controller = new AbortController();
    controller.abort('SIGTERM');
    const { io, flags } = setup({ record: join(tempDir(), 'r.json'), json: true }, { signal: controller.signal, watch: () => controller.signal });
    expect(await runCommand(flags, io)).toBe(143);
    expect(readRecording(flags.record!)).toMatchObject({ complete: false, result: { end: 'aborted' } });
  });

  it.each<[string, Partial<RunFlags>, RegExp]>([
    ['--at without --from', { at: '3' }, /^run: --at needs --from REC$/],
    ['no task', { task: undefined }, /^run: --task is required/],
    ['an unknown task', { task: 'no-such-task' }, /^unknown task "no-such-task"/],
    ['a bad reward', { reward: 'best' }, /^--reward best: must be paper or released$/],
    ['a bad agent', { agent: 'robot' }, /^--agent robot: unknown role/],
  ])('%s: one line, nothing run', async (_name, over, message) => {
    const { io, flags, stdout } = setup(over);
    const err = await runCommand(flags, io).catch((e: unknown) => e);
    expect(userErrorMessage(() => { throw err; })).toMatch(message);
    expect(stdout.text()).toBe('');
  });

  it('a --record path that cannot be created: nothing is run, one line saying how to run without saving', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), '');
    const { io, flags, stdout } = setup({ record: join(dir, 'blocker', 'r.json') });
    const err = await runCommand(flags, io).catch((e: unknown) => e);
    expect(userErrorMessage(() => { throw err; })).toMatch(/recording not saved: .* \(nothing was run; --no-record runs without saving\)$/);
    expect(stdout.text()).toBe('');
    expect(err).not.toBeInstanceOf(SystemError);
    expect(() => readFileSync(join(dir, 'blocker', 'r.json'))).toThrow();
  });
});
