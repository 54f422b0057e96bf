import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { cli, startCli, useTempDirs } from '../helpers/cli.js';
import { startFakeOpenAI } from '../helpers/fake-openai.js';
import { exampleTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-batch-');
const start = startCli;

/** Resolves once `check` holds, polling the file system (the child gives no other signal). */
async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const startedAt = Date.now();
  while (!check()) {
    if (Date.now() - startedAt > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface BatchJson {
  tasks: { task: string; trials: { trial: number; score: number; passed: boolean; end: string; recording: string | null }[]; mean: number | null; passHatK: Record<string, number | null> }[];
  mean: number | null;
  passHatK: Record<string, number | null>;
  out: string;
}

const progressLines = (stderr: string): string[] => stderr.split('\n').filter((l) => /^\d+\/\d+ \S+ t\d+ score /.test(l));

describe('synthagent run --tasks', () => {
  it('runs every matching bundled task × trials, with pass^k, saving <task>.t<trial>.json', async () => {
    const cwd = tempDir();
    const r = await cli(['run', '--tasks', 'travel-*', '--agent', 'reference', '--trials', '2', '--concurrency', '2', '--json', '--out', 'out'], cwd);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as BatchJson;
    expect(out.tasks.map((t) => t.task)).toEqual(['travel-hotel-extend', 'travel-rebook']);
    for (const t of out.tasks) {
      expect(t.trials.map((x) => [x.trial, x.score, x.passed])).toEqual([[1, 1, true], [2, 1, true]]);
      expect(t).toMatchObject({ mean: 1, passHatK: { 1: 1, 2: 1 } });
      for (const x of t.trials) {
        expect(x.recording).toBe(join('out', `${t.task}.t${x.trial}.json`));
        expect(readRecording(join(cwd, x.recording!))).toMatchObject({ complete: true, result: { score: 1 } });
      }
    }
    expect(out).toMatchObject({ mean: 1, passHatK: { 1: 1, 2: 1 }, out: 'out', audit: { flagged: 0, counts: {} } });
    expect(progressLines(r.stderr)).toHaveLength(4);
  });

  it('prints the simulator audit beside the scores, and --json carries it', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'user.json'), JSON.stringify([{ say: "It's BK-4411, card 5555-0199." }, { say: 'An aisle seat, please.' }]));
    const r = await cli(['run', '--tasks', 'travel-rebook', '--user', 'script:user.json', '--out', 'out'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^travel-rebook\s+1\/1\s+1\.00\s+1\.00\s+0\s+1\s+1\.00\s+1\s+⚠ invented_value 1$/m);
    const j = await cli(['run', '--tasks', 'travel-rebook', '--user', 'script:user.json', '--out', 'out', '--json'], cwd);
    expect(JSON.parse(j.stdout)).toMatchObject({ audit: { flagged: 1, counts: { invented_value: 1 } }, tasks: [{ audit: { flagged: 1 }, trials: [{ findings: { invented_value: 1 } }] }] });
  });

  it('defaults --out to a batch folder under recordings/ and prints a table', async () => {
    const cwd = tempDir();
    const r = await cli(['run', '--tasks', 'travel-rebook'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^task\s+trials\s+paper\s+released\s+unjudged\s+passes\s+pass\^1\s+flagged\s+simulator audit$/m);
    expect(r.stdout).toMatch(/^travel-rebook\s+1\/1\s+1\.00\s+1\.00\s+0\s+1\s+1\.00\s+0\s+—$/m);
    expect(r.stdout).toMatch(/^overall\s+1\.00\s+1\.00\s+1\.00\s+0\s+—$/m);
    const folder = /recordings: (recordings\/batch-\d{8}-\d{6})/.exec(r.stdout)?.[1];
    expect(folder).toBeDefined();
    expect(existsSync(join(cwd, folder!, 'travel-rebook.t1.json'))).toBe(true);
  });

  it('matches task files by a path glob', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'tasks/deep'), { recursive: true });
    writeFileSync(join(cwd, 'tasks/deep/mine.json'), JSON.stringify({ ...exampleTask(), id: 'mine' }));
    writeFileSync(join(cwd, 'tasks/notes.txt'), 'not a task');
    const r = await cli(['run', '--tasks', 'tasks/**/*.json', '--json', '--out', 'out'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as BatchJson).tasks.map((t) => [t.task, t.mean])).toEqual([['mine', 1]]);
  });

  it('resumes: complete recordings are kept, a missing or incomplete one runs again', async () => {
    const cwd = tempDir();
    const args = ['run', '--tasks', 'travel-*', '--trials', '2', '--concurrency', '2', '--json', '--out', 'out'];
    expect((await cli(args, cwd)).code).toBe(0);
    const file = (name: string): string => join(cwd, 'out', `${name}.json`);
    unlinkSync(file('travel-rebook.t2'));
    // Cut to the header line and one event: it loads, with complete: false.
    const text = readFileSync(file('travel-hotel-extend.t1'), 'utf8');
    truncateSync(file('travel-hotel-extend.t1'), text.split('\n').slice(0, 2).join('\n').length + 1);
    expect(readRecording(file('travel-hotel-extend.t1')).complete).toBe(false);
    const kept = ['travel-rebook.t1', 'travel-hotel-extend.t2'].map((n) => [n, statSync(file(n)).mtimeMs] as const);

    const r = await cli(args, cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('resuming out: 2 of 4 sessions already done');
    // Two run at once, so either may finish first: compare (task, trial) only.
    const ran = progressLines(r.stderr).map((l) => l.split(' ').slice(1, 3).join(' '));
    expect(ran.sort()).toEqual(['travel-hotel-extend t1', 'travel-rebook t2']);
    expect(progressLines(r.stderr).map((l) => l.split(' ')[0])).toEqual(['3/4', '4/4']);
    for (const [n, mtime] of kept) expect(statSync(file(n)).mtimeMs, n).toBe(mtime);
    const out = JSON.parse(r.stdout) as BatchJson;
    for (const t of out.tasks) expect(t.trials.map((x) => x.score)).toEqual([1, 1]);
    expect(out.passHatK).toEqual({ 1: 1, 2: 1 });
    expect(readRecording(file('travel-hotel-extend.t1')).complete).toBe(true);
  });

  it('--agent model plays every session against an OpenAI-compatible server', async () => {
    const server = await startFakeOpenAI(() => ({ text: 'I have rebooked you on the next flight.' }));
    try {
      const cwd = tempDir();
      const r = await cli(['run', '--tasks', 'travel-*', '--agent', 'model', '--model', 'fake', '--base-url', server.url, '--trials', '2', '--concurrency', '2', '--json', '--out', 'out'], cwd);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as BatchJson;
      expect(out.tasks).toHaveLength(2);
      for (const t of out.tasks) {
        // A statement, not a question: the sim user stops.
        expect(t.trials.map((x) => x.end)).toEqual(['user_stopped', 'user_stopped']);
        expect(typeof t.mean).toBe('number');
      }
      expect(typeof out.mean).toBe('number');
      expect(out.passHatK).toEqual({ 1: 0, 2: 0 });
      expect(server.requests).toHaveLength(4);
      expect(server.requests.every((q) => q.body.model === 'fake')).toBe(true);
      expect(readRecording(join(cwd, 'out/travel-rebook.t2.json')).roles.agent).toEqual({ kind: 'model', model: 'fake' });
    } finally {
      await server.close();
    }
  });

  it('the reference agent over tasks without one (as imported tasks are) → exit 2 before anything runs, with the count', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'tasks'));
    const { reference: _reference, ...unsolved } = exampleTask();
    writeFileSync(join(cwd, 'tasks', 'a.json'), JSON.stringify({ ...unsolved, id: 'a' }));
    writeFileSync(join(cwd, 'tasks', 'b.json'), JSON.stringify(exampleTask()));
    const r = await cli(['run', '--tasks', 'tasks/*.json'], cwd);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe('synthagent: --agent reference: 1 of 2 tasks have no reference solution (first: tasks/a.json); play them with --agent model or script:FILE\n');
    expect(existsSync(join(cwd, 'recordings'))).toBe(false);
  });

  it.each<[string, string[], string]>([
    ['no bundled id matches', ['--tasks', 'nope-*'], 'nope-*'],
    ['no file matches', ['--tasks', 'missing/**/*.json'], 'missing/**/*.json'],
    ['--tasks with --task', ['--tasks', '*', '--task', 'travel-rebook'], '--task'],
    ['--trials without --tasks', ['--task', 'travel-rebook', '--trials', '2'], '--tasks'],
    ['--trials 0', ['--tasks', '*', '--trials', '0'], '--trials'],
    ['--concurrency not a number', ['--tasks', '*', '--concurrency', 'many'], '--concurrency'],
    ['--out that is a file', ['--tasks', 'travel-rebook', '--out', '/dev/null'], '--out /dev/null: cannot create the folder'],
  ])('%s → exit 2, one line', async (_name, args, mention) => {
    const r = await cli(['run', ...args], tempDir());
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^synthagent: /);
    expect(lines[0]).toContain(mention);
  });

  it('SIGINT: aborts the running session, keeps finished ones, exits 130; the printed command resumes', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'tasks'));
    const task = exampleTask();
    // long-a ends at its tool-call limit at once; long-b and long-c run the whole long script.
    writeFileSync(join(cwd, 'tasks/long-a.json'), JSON.stringify({ ...task, id: 'long-a', limits: { maxTurns: 5, maxToolCalls: 3 } }));
    for (const id of ['long-b', 'long-c']) writeFileSync(join(cwd, `tasks/${id}.json`), JSON.stringify({ ...task, id, limits: { maxTurns: 1_000_000, maxToolCalls: 1_000_000 } }));
    const steps = (n: number): string => JSON.stringify(Array.from({ length: n }, () => ({ call: 'get_booking', args: { booking_id: 'BK-1' } })));
    writeFileSync(join(cwd, 'script.json'), steps(30_000));

    const args = ['run', '--tasks', 'tasks/*.json', '--agent', 'script:script.json'];
    const child = start(args, cwd);
    await child.waitFor('1/3 long-a t1 score');
    // The default --out: the one batch folder under recordings/.
    const outLine = (): string | undefined => {
      const name = existsSync(join(cwd, 'recordings')) ? readdirSync(join(cwd, 'recordings')).find((n) => n.startsWith('batch-')) : undefined;
      return name === undefined ? undefined : `recordings/${name}`;
    };
    await until(() => {
      const dir = outLine();
      return dir !== undefined && existsSync(join(cwd, dir, 'long-b.t1.json')) && statSync(join(cwd, dir, 'long-b.t1.json')).size > 20_000;
    });
    child.kill('SIGINT');
    const r = await child.exit;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/^long-a\s+1\/1\s+0\.00\s+\d\.\d\d\s+0\s+0\s+0\.00\s+0\s+—$/m);
    expect(r.stdout).toMatch(/^long-b\s+0\/1\s+-/m);
    const resume = /resume with: synthagent (.*)$/m.exec(r.stderr)?.[1];
    expect(resume).toBe(`run --tasks 'tasks/*.json' --agent script:script.json --out ${outLine()}`);
    const dir = join(cwd, outLine()!);
    expect(readRecording(join(dir, 'long-a.t1.json'))).toMatchObject({ complete: true, result: { end: 'max_tool_calls' } });
    expect(readRecording(join(dir, 'long-b.t1.json'))).toMatchObject({ complete: false, result: { end: 'aborted' } });
    expect(existsSync(join(dir, 'long-c.t1.json'))).toBe(false);
    const keptAt = statSync(join(dir, 'long-a.t1.json')).mtimeMs;

    // The same command (the script is short now, so the rest ends quickly).
    writeFileSync(join(cwd, 'script.json'), steps(2));
    const again = await cli([...args, '--out', outLine()!, '--json'], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('1 of 3 sessions already done');
    expect(progressLines(again.stderr).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['2/3 long-b', '3/3 long-c']);
    expect(statSync(join(dir, 'long-a.t1.json')).mtimeMs).toBe(keptAt);
    const out = JSON.parse(again.stdout) as BatchJson;
    expect(out.tasks.map((t) => t.trials.length)).toEqual([1, 1, 1]);
    for (const id of ['long-a', 'long-b', 'long-c']) expect(readRecording(join(dir, `${id}.t1.json`)).complete).toBe(true);
  }, 60_000);
});
