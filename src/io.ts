/**
 * What a command touches of its process: where its text goes, its environment and its working folder.
 * The CLI's `main(argv, io)` takes one, so every command runs the same in a test (buffers) and in a
 * terminal (the process's streams).
 */

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

/** The running process's streams, environment and folder: what bin.ts hands to `main`. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stdin: process.stdin };
}
