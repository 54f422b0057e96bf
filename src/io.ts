/**
 * What a command touches of its process: where its text goes, its environment and its working folder.
 * The CLI's `main(argv, io)` takes one, so every command runs the same in a test (buffers) and in a
 * terminal (the process's streams).
 */

import { setMaxListeners } from 'node:events';
import { constants } from 'node:os';
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
  /** Ctrl+C, SIGTERM, SIGHUP (the process's in bin.ts; a test's own, or none: nothing stops the command). */
  interrupt?: Interrupt;
}

/** One stderr line for what a command passes over and goes on without (a named pipe in a folder of recordings). */
export function skipNotice(io: CliIo): (path: string, why: string) => void {
  return (path, why) => void io.stderr.write(`synthagent: ${safeLine(`${path}: ${why}`)}\n`);
}

/** The running process's streams, environment and folder: what bin.ts hands to `main`. */
export function processIo(): CliIo & { interrupt: ProcessInterrupt } {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stdin: process.stdin, interrupt: new ProcessInterrupt() };
}

/**
 * Ctrl+C, SIGTERM and SIGHUP, one way for every command. A command that has something to finish (a
 * session to end and save, a server to close) calls `watch()`: from then on a signal aborts
 * `signal` — every model call listens on it, so a wait on a server that never answers or a long
 * Retry-After ends at once — and the command ends its own way. If it has not ended GRACE_MS later,
 * or on a second signal, the process exits anyway: what was recorded is already on disk (events are
 * appended as they happen; rewrites are atomic), so the recording is left incomplete, never lost.
 * A command that never calls `watch()` keeps the default: a signal ends the process at once.
 */
export interface Interrupt {
  /** Aborted, with the signal's name as its reason, once a signal arrives while watched. */
  readonly signal: AbortSignal;
  /** Signals stop the command through `signal` from now on, instead of ending the process at once. */
  watch(): AbortSignal;
}

/** What the process waits for a watched command to end after a signal, before it exits anyway. */
export const GRACE_MS = 3_000;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The exit code of a command stopped by `signal` (128 + the signal's number: 130 Ctrl+C, 143 SIGTERM, 129 SIGHUP). */
export function interruptedExitCode(signal: AbortSignal): number {
  const name = typeof signal.reason === 'string' ? signal.reason : 'SIGINT';
  return 128 + (constants.signals[name as NodeJS.Signals] ?? constants.signals.SIGINT);
}

/** A signal nothing aborts, for a command run without an Interrupt (in-process tests). */
export const NEVER: AbortSignal = new AbortController().signal;

/** Where signals come from and what ends the process: the process itself, or a test's stand-ins. */
export interface SignalHost {
  on(name: NodeJS.Signals, listener: (name: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
  /** Says why the process ends before the command did (stderr). */
  say(line: string): void;
}

const PROCESS_HOST: SignalHost = {
  on: (name, listener) => process.on(name, listener),
  exit: (code) => process.exit(code),
  say: (line) => void process.stderr.write(`${line}\n`),
};

/** The running process's signals (bin.ts). */
export class ProcessInterrupt implements Interrupt {
  private readonly controller = new AbortController();
  private watching = false;

  constructor(
    private readonly host: SignalHost = PROCESS_HOST,
    private readonly graceMs = GRACE_MS,
  ) {
    // Every model call in flight listens on it, and a batch runs up to 64 sessions at once: no leak
    // warning past Node's default of 10 (each call removes its listener when it ends).
    setMaxListeners(0, this.controller.signal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The exit code of the signal that stopped the command, or null. */
  get stoppedWith(): number | null {
    return this.controller.signal.aborted ? interruptedExitCode(this.controller.signal) : null;
  }

  watch(): AbortSignal {
    if (this.watching) return this.signal;
    this.watching = true;
    for (const name of SIGNALS) this.host.on(name, this.onSignal);
    return this.signal;
  }

  private readonly onSignal = (name: NodeJS.Signals): void => {
    // A second signal: the user means now.
    if (this.controller.signal.aborted) return this.host.exit(this.stoppedWith!);
    this.controller.abort(name);
    // Unref'd: a command that ends in time is not held up by it.
    setTimeout(() => {
      this.host.say(`synthagent: stopped by ${name} before the command could end; what was recorded is kept, marked incomplete`);
      this.host.exit(this.stoppedWith!);
    }, this.graceMs).unref();
  };
}
