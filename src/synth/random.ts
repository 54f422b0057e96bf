/**
 * Seeded randomness for offline synthesis: the same seed string always gives the same sequence, on
 * every machine (no Math.random, no clock). mulberry32 over a 32-bit hash of the seed string.
 */

/** A 32-bit hash of a string (FNV-1a, then a murmur3 finalizer so near seeds spread apart). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a tiny, fast PRNG with a 32-bit state; floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The draws the templates need, all from one seeded stream. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
  /** `k` distinct items, in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** `k` distinct integers in [min, max]. */
  distinctInts(k: number, min: number, max: number): number[];
}

export function createRng(seed: string): Rng {
  const next = mulberry32(hashString(seed));
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    shuffle,
    sample: (items, k) => {
      if (k > items.length) throw new Error(`cannot sample ${k} of ${items.length} items`);
      return shuffle(items).slice(0, k);
    },
    distinctInts: (k, min, max) => {
      if (k > max - min + 1) throw new Error(`cannot draw ${k} distinct integers in [${min}, ${max}]`);
      const seen = new Set<number>();
      while (seen.size < k) seen.add(int(min, max));
      return [...seen];
    },
  };
}
