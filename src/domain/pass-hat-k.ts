/**
 * pass^k (τ-bench): the chance that k trials of a task, drawn without replacement from its n trials,
 * all pass. With c passes out of n it is C(c,k)/C(n,k); for k = 1 it is the pass rate c/n.
 * Written as a product, Π_{i<k} (c−i)/(n−i), so large n never overflows.
 */
export function passHatK(n: number, c: number, k: number): number {
  if (![n, c, k].every(Number.isInteger) || k < 1 || k > n || c < 0 || c > n) {
    throw new RangeError(`pass^k needs integers 1 ≤ k ≤ n and 0 ≤ c ≤ n (got n=${n}, c=${c}, k=${k})`);
  }
  let p = 1;
  for (let i = 0; i < k; i++) p *= (c - i) / (n - i);
  return Math.max(0, p);
}

/** pass^1..pass^maxK of one task, keyed "1".."maxK"; null where k > n (too few trials to say). */
export function passHatCurve(n: number, c: number, maxK: number): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (let k = 1; k <= maxK; k++) out[String(k)] = k <= n ? passHatK(n, c, k) : null;
  return out;
}

/** The mean of each key over curves, leaving out nulls; null where no curve has a value. */
export function meanCurve(curves: readonly Record<string, number | null>[], maxK: number): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (let k = 1; k <= maxK; k++) out[String(k)] = mean(curves.map((c) => c[String(k)] ?? null));
  return out;
}

/** The mean of the numbers, leaving out nulls; null when there are none. */
export function mean(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}
