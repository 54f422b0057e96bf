import { type Memos, memos } from '../domain/memo.js';
import { jsonataSandbox, type JsonataSandbox } from './jsonata-sandbox.js';
import { KeyedCache } from './keyed-cache.js';

/**
 * The caches one run shares across its sessions (a command, a batch, the playground, a server): created
 * per run and passed in, so a test or a long-running server can bound and reset them. One cache object
 * per file, so concurrent sessions add to the same entries instead of overwriting each other's.
 */
export class RunCaches {
  private readonly files = new Map<string, KeyedCache<unknown>>();

  /**
   * The memo tables of the pure core and the task loader (compiled expressions, schemas, patterns,
   * validated and loaded tasks). They are the process's, not this run's: a reset clears them for
   * every run, and `memos.bound(n)` caps them.
   */
  readonly memos: Memos = memos;

  /**
   * Where the run's task JSONata is evaluated, with the results it remembers: the process's sandbox
   * (one child process for every run) unless the run is given its own (a test, a server that wants
   * its own bound). `reset` forgets its results.
   */
  readonly expressions: JsonataSandbox;

  constructor({ expressions = jsonataSandbox }: { expressions?: JsonataSandbox } = {}) {
    this.expressions = expressions;
  }

  /** The key → value cache kept in `file` (lowdb JSON, format tag `format`). */
  keyed<T>(file: string, format: string): KeyedCache<T> {
    let cache = this.files.get(file);
    if (!cache) this.files.set(file, (cache = new KeyedCache<unknown>(file, format)));
    return cache as KeyedCache<T>;
  }

  /** Forgets what is held in memory, the memo tables and remembered JSONata results too; the files stay, and are read again on the next use. */
  reset(): void {
    this.files.clear();
    this.memos.clear();
    this.expressions.forget();
  }
}
