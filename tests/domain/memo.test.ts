import { describe, expect, it } from 'vitest';
import { RunCaches } from '../../src/adapters/run-caches.js';
import { compileJsonSchema } from '../../src/domain/json-schema.js';
import { Memo, Memos, memos } from '../../src/domain/memo.js';

describe('Memo', () => {
  it('keeps at most max entries, dropping the oldest first', () => {
    const m = new Memo<string, number>('t', 2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3); // an update does not evict
    m.set('c', 4);
    expect([m.get('a'), m.get('b'), m.get('c'), m.size]).toEqual([undefined, 2, 4, 2]);
  });

  it('with max 0 remembers nothing', () => {
    const m = new Memo<string, number>('t', 0);
    m.set('a', 1);
    expect([m.get('a'), m.size]).toEqual([undefined, 0]);
  });
});

describe('Memos', () => {
  it('reports sizes, bounds and clears every table it made', () => {
    const r = new Memos();
    const a = r.table<string, number>('a', 10);
    const w = r.weak<object, number>('w');
    const key = {};
    for (const k of ['x', 'y', 'z']) a.set(k, 1);
    w.set(key, 1);
    expect(r.sizes()).toEqual({ a: 3 });
    r.bound(1);
    a.set('q', 2);
    expect(r.sizes()).toEqual({ a: 1 });
    r.clear();
    expect([r.sizes(), w.get(key)]).toEqual([{ a: 0 }, undefined]);
  });

  it("the core's tables are in the registry, and a run's reset empties them", () => {
    compileJsonSchema({ type: 'object', properties: { n: { type: 'number' } } });
    expect(memos.sizes()['json-schema.by-text']).toBeGreaterThan(0);
    new RunCaches().reset();
    expect(Object.values(memos.sizes()).every((n) => n === 0)).toBe(true);
  });
});
