/**
 * Memo tables of the pure core (compiled expressions and schemas, phrase regexps, validated tasks…) are
 * `Memo` objects held by one `Memos` registry, not bare module-level Maps: whoever owns a run (a
 * command's `RunCaches`, a long-running server) can see their sizes, bound them and reset them.
 */

/** One bounded memo table: at most `max` entries, the oldest dropped first. */
export class Memo<K, V> {
  private readonly map = new Map<K, V>();

  constructor(
    readonly name: string,
    public max: number,
  ) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (!this.map.has(key)) while (this.map.size >= this.max && this.map.size > 0) this.map.delete(this.map.keys().next().value as K);
    if (this.max > 0) this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

/** A memo keyed by objects (a task, a schema): entries go with their keys; `clear` forgets them all. */
export class WeakMemo<K extends object, V> {
  private map = new WeakMap<K, V>();

  constructor(readonly name: string) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    this.map.set(key, value);
  }

  clear(): void {
    this.map = new WeakMap();
  }
}

/** Every memo table, by name: sizes, a common bound, and a reset. */
export class Memos {
  private readonly tables: (Memo<unknown, unknown> | WeakMemo<object, unknown>)[] = [];

  table<K, V>(name: string, max: number): Memo<K, V> {
    const t = new Memo<K, V>(name, max);
    this.tables.push(t as Memo<unknown, unknown>);
    return t;
  }

  weak<K extends object, V>(name: string): WeakMemo<K, V> {
    const t = new WeakMemo<K, V>(name);
    this.tables.push(t as unknown as WeakMemo<object, unknown>);
    return t;
  }

  /** Entries per bounded table (weak tables have no size). */
  sizes(): Record<string, number> {
    return Object.fromEntries(this.tables.flatMap((t) => (t instanceof Memo ? [[t.name, t.size] as const] : [])));
  }

  /** Caps every bounded table at `max` entries (0 turns memoising off). */
  bound(max: number): void {
    for (const t of this.tables) if (t instanceof Memo) t.max = max;
  }

  clear(): void {
    for (const t of this.tables) t.clear();
  }
}

/** The registry of this process's memo tables. */
export const memos = new Memos();
