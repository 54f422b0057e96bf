import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** The built binary: `npm test` builds before vitest runs. */
export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

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

/**
 * Starts the CLI without blocking this process (a fake model server may live here), with no colours
 * and none of the user's synthagent or OpenAI settings.
 */
export function startCli(args: string[], cwd: string): RunningCli {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of ['SYNTHAGENT_RECORDINGS', 'SYNTHAGENT_DEBUG', 'SYNTHAGENT_MODEL', 'OPENAI_BASE_URL', 'OPENAI_API_KEY']) delete env[k];
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Runs the CLI to its end. */
export const cli = (args: string[], cwd: string): Promise<Exit> => startCli(args, cwd).exit;
