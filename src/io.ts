/**
 * What a command touches of its process: where its text goes, its environment and its working folder.
 * The CLI's `main(argv, io)` takes one, so every command runs the same in a test (buffers) and in a
 * terminal (the process's streams).
 */

import { safeLine } from './errors.js';

/** A place for text: process.stdout, or a buffer in a test. */
export interface Output {
  write(text: string): unknown;
  /** A terminal: colours, progress bars and the playground only then. */
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** Relative paths in flags, arguments and defaults (recordings/, .synthagent/) are read from here. */
  cwd: string;
  /** The keyboard, for the playground (`play`, `view`); they need a TTY here and on stdout. */
  stdin?: NodeJS.ReadStream;
}

/** One stderr line for what a command passes over and goes on without (a named pipe in a folder of recordings). */
export function skipNotice(io: CliIo): (path: string, why: string) => void {
  return (path, why) => void io.stderr.write(`synthagent: ${safeLine(`${path}: ${why}`)}\n`);
}

/** The running process's streams, environment and folder: what bin.ts hands to `main`. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stdin: process.stdin };
}
