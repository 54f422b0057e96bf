import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import type { IndexEntry } from '../../src/adapters/recording-store.js';
import type { Recording } from '../../src/domain/recording.js';
import { cli as inProcess } from '../helpers/cli.js';
import { type FakeOpenAI, type Reply, startFakeOpenAI } from '../helpers/fake-openai.js';

// Faults end with a clear message and lose or corrupt no recording: a model server that fails, a
// read-only recordings folder, a full disk, and many processes saving at once (a signal: interrupt.test.ts).
// What needs a process (another user, a preloaded fault, a signal, many writers at once) spawns the built
// binary (tests/global-setup.ts keeps it fresh) asynchronously, so the fake model server in this process
// keeps answering; the rest runs the CLI's main() in this process.

const CLI = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const ENOSPC_PRELOAD = fileURLToPath(new URL('../helpers/enospc-preload.mjs', import.meta.url));
const NOBODY = 65534;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Run the child as this user (and group): used to make chmod bite when the tests run as root. */
  uid?: number;
  nodeArgs?: string[];
  /** Called once the child is running, e.g. to signal it. */
  started?: (child: ReturnType<typeof spawn>) => void;
}

/** The CLI in this process (main(argv, io)). */
async function cli(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  const started = Date.now();
  const r = await inProcess(args, opts.cwd, opts.env);
  return { ...r, signal: null, ms: Date.now() - started };
}

/** The CLI as a process: `opts.cli` is the binary to run (default the build in this checkout). */
function spawnCli(args: string[], opts: RunOptions & { cli?: string }): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of ['SYNTHAGENT_RECORDINGS', 'SYNTHAGENT_DEBUG', 'SYNTHAGENT_MODEL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']) delete env[k];
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const started = Date.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.cli ?? CLI, ...args], {
    cwd: opts.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  opts.started?.(child);
  return new Promise((res, rej) => {
    child.once('error', rej);
    child.once('close', (code, signal) => res({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
}

const show = (r: Run): string => `exit ${r.code} (${r.signal ?? 'no signal'})\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

/** No stack trace and no "internal error": what a user should never see. */
function expectNoCrash(r: Run): void {
  expect(r.stderr, show(r)).not.toMatch(/^\s+at /m);
  expect(r.stderr, show(r)).not.toContain('internal error');
}

/** Exactly one line on stderr, naming `file`. */
function expectOneLine(r: Run, ...mentions: string[]): string {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, show(r)).toHaveLength(1);
  for (const m of mentions) expect(lines[0], show(r)).toContain(m);
  return lines[0]!;
}

interface RunJson {
  task: string;
  score: number;
  passed: boolean;
  end: string;
  turns: number;
  toolCalls: number;
  recording: string | null;
}

function runJson(r: Run): RunJson {
  const lines = r.stdout.trim().split('\n');
  expect(lines, show(r)).toHaveLength(1);
  return JSON.parse(lines[0]!) as RunJson;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) {
    try {
      chmodSync(d, 0o755);
      for (const sub of readdirSync(d)) if (statSync(join(d, sub)).isDirectory()) chmodSync(join(d, sub), 0o755);
    } catch {
      // already gone
    }
    rmSync(d, { recursive: true, force: true });
  }
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'synthagent-faults-'));
  dirs.push(d);
  return d;
}

/** Waits for a condition the child gives no other signal of (a request reached the fake server). */
async function until(ok: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ---------------------------------------------------------------- (a) model server failures

describe('a model server that fails ends the session with end: error and a complete recording', () => {
  let server: FakeOpenAI;
  beforeEach(async () => {
    server = await startFakeOpenAI();
  });
  afterEach(async () => {
    await server.close();
  });

  it.each<[string, Reply, RegExp]>([
    ['answers HTTP 500 forever', { status: 500 }, /HTTP 500|500/],
    ['answers later than --timeout', { delayMs: 4000, then: { text: 'too late?' } }, /timed out|timeout/i],
    ['never answers', { hang: true }, /timed out|timeout/i],
  ])('the server %s', async (_name, reply, why) => {
    server.script(() => reply);
    const cwd = tempDir();
    const r = await cli(['run', '--task', 'travel-rebook', '--agent', 'model', '--model', 'fake', '--base-url', server.url, '--timeout', '1', '--retries', '0', '--json'], { cwd });
    expect(r.code, show(r)).toBe(0);
    expectNoCrash(r);
    expect(r.stderr, show(r)).toBe('');
    expect(r.ms).toBeLessThan(15_000);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);

    const out = runJson(r);
    expect(out).toMatchObject({ task: 'travel-rebook', end: 'error', score: 0, passed: false, turns: 0, toolCalls: 0 });
    expect(out.recording).toMatch(/^recordings\/travel-rebook-.*\.json$/);
    const rec = readRecording(join(cwd, out.recording!));
    expect(rec.complete).toBe(true);
    expect(rec.result).toMatchObject({ end: 'error', score: 0 });
    expect(rec.events.map((e) => e.seq)).toEqual(rec.events.map((_, i) => i));
    expect(rec.events[0]).toMatchObject({ type: 'user_message' });
    expect(rec.events.at(-1)).toMatchObject({ type: 'end', reason: 'error' });
    const notes = rec.events.flatMap((e) => (e.type === 'note' ? [e.text] : []));
    expect(notes.join('\n')).toContain('model call failed');
    expect(notes.join('\n')).toMatch(why);
    // The index knows it, as ended.
    const listed = await cli(['recordings', '--json'], { cwd });
    expect((JSON.parse(listed.stdout) as IndexEntry[]).map((e) => [e.id, e.end, e.complete])).toEqual([[rec.id, 'error', true]]);
  }, 30_000);
});

// ---------------------------------------------------------------- (b) read-only recordings folder

/**
 * chmod 555 stops writes only for a user without CAP_DAC_OVERRIDE. When the tests run as root, the CLI
 * is run as `nobody` instead. `nobody` must be able to run it: a checkout inside a private folder
 * (`mktemp -d`, mode 700) is out of its reach, so the runtime (dist/, package.json, the bundled tasks and
 * node_modules) is hard-linked into a world-readable temp folder first. The test is skipped, saying
 * why, only when no such user can run the CLI or a chmod 555 folder stays writable for it.
 */
function readOnlySetup(): { uid: number | undefined; cli: string; why: string | null } {
  if (process.getuid?.() !== 0) return { uid: undefined, cli: CLI, ...writeProbe(undefined) };
  const runs = (cli: string): string | null => {
    const r = spawnSync(process.execPath, [cli, '--version'], { uid: NOBODY, gid: NOBODY, cwd: tmpdir(), encoding: 'utf8' });
    return r.error ? r.error.message : r.status === 0 ? null : (r.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit ${r.status}`);
  };
  if (runs(CLI) === null) return { uid: NOBODY, cli: CLI, ...writeProbe(NOBODY) };
  const copy = worldReadableRuntime();
  const problem = runs(copy);
  if (problem !== null) return { uid: NOBODY, cli: copy, why: `nobody (uid ${NOBODY}) cannot run the CLI, even from ${dirname(dirname(copy))}: ${problem}` };
  return { uid: NOBODY, cli: copy, ...writeProbe(NOBODY) };
}

/** Whether a chmod 555 folder refuses a write by `uid` (null) or why it cannot be made read-only here. */
function writeProbe(uid: number | undefined): { why: string | null } {
  const dir = mkdtempSync(join(tmpdir(), 'synthagent-ro-probe-'));
  try {
    chmodSync(dir, 0o555);
    const probe = spawnSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(join(dir, 'probe'))}, 'x')`], {
      ...(uid !== undefined ? { uid, gid: uid } : {}),
      stdio: 'ignore',
    });
    if (probe.error) return { why: `cannot run a child as uid ${uid}: ${probe.error.message}` };
    return { why: probe.status === 0 ? 'a chmod 555 folder is still writable here (root without a user to drop to)' : null };
  } finally {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** This checkout's runtime, hard-linked (copied across file systems) into a fresh mode-755 temp folder; returns its bin.js. */
function worldReadableRuntime(): string {
  const root = resolve(dirname(CLI), '..');
  const dir = tempDir();
  chmodSync(dir, 0o755);
  for (const part of ['dist', 'node_modules', 'package.json', join('fixtures', 'tasks')]) {
    const linked = spawnSync('cp', ['-al', join(root, part), join(dir, part)], { stdio: 'ignore' });
    if (linked.status !== 0) cpSync(join(root, part), join(dir, part), { recursive: true });
    if (part === join('fixtures', 'tasks')) chmodSync(join(dir, 'fixtures'), 0o755);
  }
  return join(dir, 'dist', 'bin.js');
}
const readOnly = readOnlySetup();

describe('a read-only recordings folder', () => {
  it.skipIf(readOnly.why !== null)(`exit 2, one line naming the file, before anything runs${readOnly.why ? ` (skipped: ${readOnly.why})` : ''}`, async () => {
    const cwd = tempDir();
    chmodSync(cwd, 0o755); // the child may run as nobody: it must reach its cwd
    const recDir = join(cwd, 'recs');
    mkdirSync(recDir);
    chmodSync(recDir, 0o555);
    const env = { SYNTHAGENT_RECORDINGS: recDir };

    for (const args of [['run', '--task', 'travel-rebook', '--json'], ['run', '--task', 'travel-rebook']]) {
      const r = await spawnCli(args, { cwd, env, uid: readOnly.uid, cli: readOnly.cli });
      expect(r.code, show(r)).toBe(2);
      expectNoCrash(r);
      const line = expectOneLine(r, recDir, 'recording not saved');
      expect(line).toMatch(/^synthagent: .*travel-rebook-[\w-]+\.json: recording not saved: /);
      expect(line).toMatch(/EACCES|permission denied/i);
      expect(line).toContain('nothing was run; --no-record runs without saving');
      expect(r.stdout).toBe('');
    }
    expect(readdirSync(recDir)).toEqual([]);
  }, 30_000);
});

// ---------------------------------------------------------------- (c) disk full

/**
 * A device that fails every write with ENOSPC, as /dev/full does. As root this is a private copy
 * (mknod c 1 7 in a temp dir), never /dev/full itself: a recorder that replaces its target (temp file +
 * rename) would otherwise replace the system's /dev/full. As another user /dev/full is used when /dev
 * is not writable (so nothing there can be replaced).
 */
function fullDevice(): { file: string | null; why: string | null } {
  if (process.getuid?.() === 0) {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-full-'));
    dirs.push(dir);
    const file = join(dir, 'full');
    const made = spawnSync('mknod', [file, 'c', '1', '7'], { stdio: 'ignore' });
    if (made.status !== 0 || !existsSync(file)) return { file: null, why: 'mknod is not permitted here' };
    const wrote = spawnSync('sh', ['-c', `printf x > '${file}'`], { stdio: 'ignore' });
    if (wrote.status === 0) return { file: null, why: 'the device node does not fail writes (mounted nodev?)' };
    return { file, why: null };
  }
  try {
    accessSync('/dev', constants.W_OK);
    return { file: null, why: '/dev is writable by this user' };
  } catch {
    return existsSync('/dev/full') ? { file: '/dev/full', why: null } : { file: null, why: 'no /dev/full' };
  }
}
const full = fullDevice();

describe('a full disk', () => {
  // Regression (fixed): RecordingWriter.create (src/adapters/recording-file.ts) writes `<file>.<pid>.tmp` next to the
  // target and renames it over the target. For `--record /dev/full` that never writes to the device: as
  // root it *replaces the device node* with a regular file (exit 0, no message; the same for /dev/null or
  // /dev/stdout), and as any other user it fails with "EACCES … open '/dev/full.<pid>.tmp'", not ENOSPC.
  // Expected: a target that is not a regular file is written in place (or refused), and the ENOSPC is
  // reported in one line naming the file.
  it.skipIf(full.why !== null)(`--record to a full device: one clear line naming the file, exit 2, before anything runs${full.why ? ` (skipped: ${full.why})` : ''}`, async () => {
    const cwd = tempDir();
    const file = full.file!;
    const r = await cli(['run', '--task', 'travel-rebook', '--record', file, '--json'], { cwd });
    // Whatever the verdict, the device is still a device afterwards.
    expect(statSync(file).isCharacterDevice(), `${file} was replaced by a regular file`).toBe(true);
    expect(r.code, show(r)).toBe(2);
    expectNoCrash(r);
    const line = expectOneLine(r, file, 'nothing was run');
    expect(line).toMatch(/ENOSPC|no space/i);
    expect(r.stdout).toBe('');
  }, 30_000);

  it('the disk fills up mid-session: one line naming the file, exit 1, and what was written before still loads', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'out.json');
    // 1 write creates the file (header), then 6 events are appended; the 8th write on and every one after fails.
    const r = await spawnCli(['run', '--task', 'travel-rebook', '--record', file, '--json'], { cwd, nodeArgs: ['--import', ENOSPC_PRELOAD], env: { ENOSPC_AFTER_WRITES: '7' } });
    expect(r.code, show(r)).toBe(1);
    expectNoCrash(r);
    const line = expectOneLine(r, file, 'recording not saved');
    expect(line).toMatch(/ENOSPC|no space/i);
    // The session itself went on to its end.
    expect(runJson(r)).toMatchObject({ task: 'travel-rebook', end: 'agent_finished', score: 1, recording: null });

    const rec = readRecording(file);
    expect(rec.complete).toBe(false);
    expect(rec.result).toBeNull();
    expect(rec.events).toHaveLength(6);
    expect(rec.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    // The same first events a healthy run records.
    const healthy = await cli(['run', '--task', 'travel-rebook', '--record', join(cwd, 'ok.json'), '--json'], { cwd });
    expect(healthy.code, show(healthy)).toBe(0);
    expect(readRecording(join(cwd, 'ok.json')).events.slice(0, 6)).toEqual(rec.events);
    expect(readdirSync(cwd).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 30_000);
});

// (d) signals mid-call: tests/cli/interrupt.test.ts

// ---------------------------------------------------------------- (e) concurrent writers

describe('many processes saving into one recordings folder at once', () => {
  it('2 × 5 concurrent runs: all 10 recordings load and `recordings --json` lists all 10', async () => {
    const cwd = tempDir();
    const recDir = join(cwd, 'shared-recordings');
    const env = { SYNTHAGENT_RECORDINGS: recDir };
    const tasks = ['travel-rebook', 'retail-return-item', 'it-reset-vpn', 'math-loan-payment', 'finance-transfer'];
    const wave = () => tasks.map((t) => spawnCli(['run', '--task', t, '--json'], { cwd, env }));
    const runs = await Promise.all([...wave(), ...wave()]);

    for (const r of runs) {
      expect(r.code, show(r)).toBe(0);
      expect(r.stderr, show(r)).toBe('');
    }
    const outs = runs.map(runJson);
    const files = outs.map((o) => resolve(cwd, o.recording!));
    expect(new Set(files).size).toBe(10);
    const recs = files.map((f) => readRecording(f));
    for (const [i, rec] of recs.entries()) {
      expect(rec.complete).toBe(true);
      expect(rec.task.id).toBe(outs[i]!.task);
      expect(rec.result).toMatchObject({ score: outs[i]!.score, end: outs[i]!.end });
      expect(dirname(files[i]!)).toBe(recDir);
    }

    const listed = await cli(['recordings', '--json'], { cwd, env });
    expect(listed.code, show(listed)).toBe(0);
    const entries = JSON.parse(listed.stdout) as IndexEntry[];
    expect(entries.map((e) => e.id).sort()).toEqual(recs.map((r) => r.id).sort());
    expect(entries.every((e) => e.complete)).toBe(true);
    // The repaired index now holds them all: a second listing reads the same from it.
    const again = await cli(['recordings', '--json'], { cwd, env });
    expect((JSON.parse(again.stdout) as IndexEntry[]).map((e) => e.id).sort()).toEqual(entries.map((e) => e.id).sort());
  }, 60_000);
});
