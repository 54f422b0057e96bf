import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { main } from '../../src/cli.js';

/**
 * The built binary, for the few tests that need a process (signals, closed pipes, kill -9, the TUI):
 * tests/global-setup.ts rebuilds dist/ before the run when src/ is newer.
 */
export const CLI = new URL('../../dist/bin.js', import.meta.url).pathname;

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Fresh temp folders for one test file, removed after it. Call at the top level of the file. */
export function useTempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

export interface RunningCli {
  pid: number;
  kill: (signal: NodeJS.Signals) => void;
  /** Resolves once stderr holds the text (rejects if the process exits first). */
  waitFor: (text: string) => Promise<void>;
  exit: Promise<Exit>;
}

/** The environment the CLI runs in under test: no colours, none of the user's synthagent or OpenAI settings. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of ['SYNTHAGENT_RECORDINGS', 'SYNTHAGENT_DEBUG', 'SYNTHAGENT_MODEL', 'OPENAI_BASE_URL', 'OPENAI_API_KEY']) delete env[k];
  return { ...env, ...extra };
}

/** A text sink that keeps what is written (a non-TTY stdout or stderr). */
export function buffer(): { write: (text: string) => boolean; text: () => string } {
  const parts: string[] = [];
  return { write: (text) => (parts.push(text), true), text: () => parts.join('') };
}

/**
 * Runs the CLI in this process (`main(argv, io)` of src/cli.ts) in `cwd`, with `cliEnv(env)`:
 * the same exit code and output as `synthagent ARGS` run there, without starting node.
 */
export async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  const stdout = buffer();
  const stderr = buffer();
  const code = await main(args, { stdout, stderr, env: cliEnv(env), cwd });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * Starts the CLI as a process without blocking this process (a fake model server may live here), with no colours
 * and none of the user's synthagent or OpenAI settings.
 */
export function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => void (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of waiters.filter((x) => stderr.includes(x.text))) w.resolve();
  });
  const exit = new Promise<Exit>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return {
    pid: child.pid!,
    kill: (s) => void child.kill(s),
    waitFor: (text) =>
      stderr.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ text, resolve });
            void exit.then((e) => reject(new Error(`exited (${e.code}) before stderr said "${text}"; stderr: ${e.stderr}`)));
          }),
    exit,
  };
}

/** Runs the CLI as a process to its end (for what needs a process; otherwise use `cli`). */
export const cliProcess = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Exit> => startCli(args, cwd, env).exit;
