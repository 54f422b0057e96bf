import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { BANNED_FUNCTIONS, compileJsonata, type EvalResult, JSONATA_LIMITS, jsonataMessage } from '../domain/jsonata-eval.js';
import { evaluateInline } from '../domain/jsonata-inline.js';
import { WORKER_SOURCE } from './jsonata-worker-source.js';
import { nestingProblem } from '../domain/json.js';

/**
 * A task's JSONata runs in a child process with a heap cap, and is killed at a hard deadline: JSONata's
 * own `timeout` is checked between steps only, so one step that never ends would hang the tool, and a
 * huge value (`$pad("a", 5e8)`) would kill it for want of memory. A worker thread is not enough: V8
 * aborts the whole process when a thread's heap overflows inside one native call (measured: exit 134).
 * A child that runs out of time or memory is killed and the next call starts a fresh one; the call
 * fails with a clear message.
 */
export const SANDBOX_LIMITS = {
  /** Hard deadline of one evaluation, from the moment the child gets it. */
  deadlineMs: 2 * JSONATA_LIMITS.timeout,
  /** Heap of the child (a runaway value dies there, not in the tool). */
  memoryMb: 256,
  /** The longest value an evaluation may give, as JSON text (a tool result, a new world). */
  maxChars: 4_000_000,
} as const;

type Answer = { ok: true; text: string } | { ok: false; error: string };

interface Pending {
  resolve: (r: Answer) => void;
  timer: NodeJS.Timeout;
}

type Reply = { ready?: true; id: number; ok: boolean; text?: string; message?: string; code?: string };

/** One child and its queue of calls. Create one per process (or per test) and `close` it when done. */
export class JsonataSandbox {
  private worker: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private busy = 0;
  /** Calls run one at a time, so a deadline measures only its own call. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * `inline: false` sends every evaluation to the child; by default an expression of the plain kind
   * over a small input is evaluated in this process, metered (see domain/jsonata-inline.ts).
   */
  constructor(
    private readonly limits: { deadlineMs: number; memoryMb: number; maxChars: number } = SANDBOX_LIMITS,
    private readonly options: { inline: boolean } = { inline: true },
  ) {}

  /**
   * Recent results by (expression, input). Task expressions are pure (the worker refuses the clock,
   * randomness and $eval), so the same expression over the same input always has the same value;
   * replaying many recordings of one task repeats the same calls. Only successes are kept (a timeout
   * depends on load).
   */
  private readonly results = new Map<string, string>();
  private keys = new InputKeys();

  /** How evaluations were answered: from the results above, in this process, or by the child. */
  readonly answered = { remembered: 0, inline: 0, child: 0 };

  /** Evaluates `source` over `input` within JSONATA_LIMITS and SANDBOX_LIMITS. Never throws. */
  evaluate = async (source: string, input: unknown): Promise<EvalResult> => {
    const c = compileJsonata(source);
    if (!c.ok) return { ok: false, error: `invalid JSONata: ${c.error}` };
    const key = `${source}\u0000${this.keys.of(input)}`;
    const known = key.length <= MAX_KEY ? this.results.get(key) : undefined;
    if (known !== undefined) {
      this.answered.remembered += 1;
      return { ok: true, value: JSON.parse(known) as unknown };
    }
    const inline = this.options.inline ? await evaluateInline(source, input, this.limits.maxChars) : null;
    if (inline !== null) {
      this.answered.inline += 1;
      return this.answer(key, inline);
    }
    this.answered.child += 1;
    const run = this.queue.then(() => this.send(source, input));
    this.queue = run.catch(() => undefined);
    let out: { ok: true; text: string } | { ok: false; error: string };
    try {
      out = await run;
    } catch (err) {
      out = { ok: false, error: `JSONata failed: ${(err as Error).message}` };
    }
    if (!out.ok) return out;
    return this.answer(key, out.text);
  };

  /** A value as JSON text: refused past MAX_NESTING (a result or a new world is a value the session holds), else remembered. */
  private answer(key: string, text: string): EvalResult {
    const value = JSON.parse(text) as unknown;
    const deep = nestingProblem(value);
    if (deep) return { ok: false, error: `the value is refused: ${deep}` };
    this.remember(key, text);
    return { ok: true, value };
  }

  private remember(key: string, text: string): void {
    if (key.length > MAX_KEY) return;
    if (this.results.size >= MAX_RESULTS) this.results.clear();
    this.results.set(key, text);
  }

  /** Forgets the remembered results (the child, if any, stays). */
  forget(): void {
    this.results.clear();
    this.keys = new InputKeys();
  }

  /** Ends the child (a later call starts a new one). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w && w.exitCode === null && w.signalCode === null) {
      const gone = new Promise((resolve) => w.once('exit', resolve));
      w.kill('SIGKILL');
      await gone;
    }
  }

  private async send(source: string, input: unknown): Promise<Answer> {
    this.busy += 1;
    try {
      return await this.sendNow(source, input);
    } finally {
      this.busy -= 1;
      this.hold();
    }
  }

  /** The child keeps the tool running only while a call waits for it. */
  private hold(): void {
    const w = this.worker;
    if (!w) return;
    if (this.busy > 0) {
      w.ref();
      w.channel?.ref();
    } else {
      w.unref();
      w.channel?.unref();
    }
  }

  private async sendNow(source: string, input: unknown): Promise<Answer> {
    const worker = await this.start();
    const id = this.nextId++;
    return new Promise<Answer>((resolve) => {
      const timer = setTimeout(() => {
        this.fail(`JSONata took longer than ${JSONATA_LIMITS.timeout} ms (stopped after ${this.limits.deadlineMs} ms)`);
      }, this.limits.deadlineMs);
      this.pending.set(id, { resolve, timer });
      try {
        worker.send({ id, source, input });
      } catch (err) {
        this.settle(id, { ok: false, error: `cannot pass the input to JSONata: ${(err as Error).message}` });
      }
    });
  }

  private start(): Promise<ChildProcess> {
    if (this.worker && this.ready) {
      const w = this.worker;
      return this.ready.then(() => w);
    }
    const require = createRequire(import.meta.url);
    const setup = {
      jsonata: require.resolve('jsonata'),
      re2js: require.resolve('re2js'),
      limits: JSONATA_LIMITS,
      maxChars: this.limits.maxChars,
      banned: BANNED_FUNCTIONS.map((f) => f.slice(1)),
    };
    const child = spawn(process.execPath, [`--max-old-space-size=${this.limits.memoryMb}`, '-e', WORKER_SOURCE, JSON.stringify(setup)], {
      // Nothing of the user's environment (the API key) is needed there; its own crash report is not for the user.
      env: {},
      // Its own process group: Ctrl+C at a terminal signals the tool, which ends its session with the call
      // in flight answered, not failed as "JSONata stopped". The child goes with the tool (below, and on
      // the end of its IPC channel).
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
    });
    let loaded = (): void => undefined;
    child.on('message', (m: Reply) => {
      if (m.ready) return loaded();
      this.settle(m.id, m.ok ? { ok: true, text: m.text! } : { ok: false, error: jsonataMessage(m) });
    });
    child.on('error', (err) => {
      if (this.worker === child) this.fail(`JSONata could not run: ${err.message}`);
    });
    // A process that exits (a signal's hard stop) takes its child along, busy or not.
    const reap = (): void => void child.kill('SIGKILL');
    process.on('exit', reap);
    child.on('exit', (code, signal) => {
      process.off('exit', reap);
      if (this.worker !== child) return;
      // Killed by V8 for want of heap (SIGABRT / 134), or by the system's OOM killer.
      const memory = code === 134 || signal === 'SIGABRT' || signal === 'SIGKILL';
      this.fail(memory ? `JSONata used more than ${this.limits.memoryMb} MB of memory` : `JSONata stopped (exit ${code ?? signal})`);
    });
    this.worker = child;
    this.hold();
    // The deadline of a call starts once the child has loaded jsonata, not while it starts up.
    this.ready = new Promise<void>((resolve) => {
      loaded = resolve;
      child.once('exit', () => resolve());
    });
    return this.ready.then(() => child);
  }

  private settle(id: number, result: Answer): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    p.resolve(result);
  }

  /** Fails every pending call and kills the child (the next call starts another). */
  private fail(error: string): void {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, error });
    w?.kill('SIGKILL');
  }
}

const MAX_RESULTS = 20_000;
const MAX_KEY = 64 * 1024;
/** Texts up to this long (a call's arguments) are their own key: numbering them costs more than it saves. */
const SHORT_TEXT = 256;
const MAX_TEXTS = 2000;

/**
 * The input as a short cache key. A long object-valued field (a world) stands as a number for its
 * JSON text: equal texts share a number, and an object's text is written once, so a session's world,
 * one object until a call changes it, is written and hashed once, not once per call. Worlds, like all
 * session state, are never changed in place.
 */
class InputKeys {
  private readonly numbers = new WeakMap<object, string>();
  private readonly numberOfText = new Map<string, string>();
  private lastNumber = 0;

  of(input: unknown): string {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return JSON.stringify(input) ?? 'undefined';
    let key = '';
    for (const [name, value] of Object.entries(input)) key += `${name}\u0001${typeof value === 'object' && value !== null ? this.objectKey(value) : JSON.stringify(value)}\u0002`;
    return key;
  }

  /** An object's JSON text, or `#n` standing for a long one. */
  private objectKey(value: object): string {
    let key = this.numbers.get(value);
    if (key === undefined) {
      const text = JSON.stringify(value);
      if (text.length <= SHORT_TEXT) return text;
      key = this.numberOfText.get(text);
      if (key === undefined) {
        // Numbers are never reused, so clearing the table only loses sharing, never mixes up texts.
        if (this.numberOfText.size >= MAX_TEXTS) this.numberOfText.clear();
        key = `#${++this.lastNumber}`;
        this.numberOfText.set(text, key);
      }
      this.numbers.set(value, key);
    }
    return key;
  }
}

/** The process's sandbox: the sessions of one process share its worker and its results. */
export const jsonataSandbox = new JsonataSandbox();
