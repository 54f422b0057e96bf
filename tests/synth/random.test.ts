import { describe, expect, it } from 'vitest';
import { createRng, hashString, mulberry32 } from '../../src/synth/random.js';

const draws = (seed: string, n = 5): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('hashString and mulberry32', () => {
  it('are the same on every run and machine (pinned values)', () => {
    // A change of either function changes every offline task: synth --seed S must give the same tasks everywhere.
    expect([hashString(''), hashString('a'), hashString('synthagent')]).toEqual([2872998923, 444641715, 3089389521]);
    const next = mulberry32(0);
    expect([next(), next(), next()]).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
    const rng = createRng('seed-1');
    expect([rng.int(1, 100), rng.int(1, 100), rng.int(1, 100)]).toEqual([91, 98, 22]);
    expect(hashString('seed-1')).not.toBe(hashString('seed-2'));
  });

  it('a 32-bit unsigned hash; floats in [0, 1)', () => {
    for (const s of ['', 'a', 'b', 'x'.repeat(1000), 'é☕']) {
      const h = hashString(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
    const next = mulberry32(hashString('range'));
    for (let i = 0; i < 10_000; i++) {
      const x = next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe('createRng', () => {
  it('the same seed gives the same stream; another seed another', () => {
    expect(draws('s')).toEqual(draws('s'));
    expect(draws('s')).not.toEqual(draws('t'));
  });

  it('int stays in [min, max] and reaches both ends', () => {
    const rng = createRng('int');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = rng.int(3, 6);
      expect(x >= 3 && x <= 6 && Number.isInteger(x)).toBe(true);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(rng.int(7, 7)).toBe(7);
  });

  it('chance(0) is never, chance(1) always', () => {
    const rng = createRng('chance');
    for (let i = 0; i < 200; i++) {
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
    }
  });

  it('pick, shuffle and sample keep to the items; shuffle does not change its input', () => {
    const rng = createRng('lists');
    const items = ['a', 'b', 'c', 'd', 'e'] as const;
    expect(items).toContain(rng.pick(items));
    const shuffled = rng.shuffle(items);
    expect([...shuffled].sort()).toEqual([...items]);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
    const some = rng.sample(items, 3);
    expect(new Set(some).size).toBe(3);
    for (const s of some) expect(items).toContain(s);
    expect(rng.sample(items, 0)).toEqual([]);
    expect(rng.sample(items, 5).sort()).toEqual([...items]);
  });

  it('distinctInts draws k distinct integers in range, all of them when k fills it', () => {
    const rng = createRng('ints');
    const xs = rng.distinctInts(5, 10, 20);
    expect(new Set(xs).size).toBe(5);
    for (const x of xs) expect(x >= 10 && x <= 20).toBe(true);
    expect(rng.distinctInts(3, 1, 3).sort()).toEqual([1, 2, 3]);
  });

  it.each<[string, (rng: ReturnType<typeof createRng>) => unknown, RegExp]>([
    ['pick from nothing', (r) => r.pick([]), /^pick from an empty list$/],
    ['sample more than there are', (r) => r.sample([1, 2], 3), /^cannot sample 3 of 2 items$/],
    ['more distinct integers than the range holds', (r) => r.distinctInts(4, 1, 3), /^cannot draw 4 distinct integers in \[1, 3\]$/],
  ])('refuses to %s (instead of looping or returning undefined)', (_name, draw, message) => {
    expect(() => draw(createRng('x'))).toThrow(message);
  });
});

describe('random, as offline synthesis uses it', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const draw = (seed: string) => Array.from({ length: 5 }, createRng(seed).next);
    expect(draw('abc')).toEqual(draw('abc'));
    expect(draw('abc')).not.toEqual(draw('abd'));
    expect(hashString('abc')).toBe(hashString('abc'));
  });

  it('keeps int, sample and distinctInts in range and distinct', () => {
    const rng = createRng('range');
    for (let i = 0; i < 200; i++) {
      const n = rng.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    expect(new Set(rng.sample([1, 2, 3, 4, 5], 5)).size).toBe(5);
    const ints = rng.distinctInts(10, 1, 10);
    expect(new Set(ints)).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(() => rng.sample([1], 2)).toThrow();
  });
});
