import { describe, expect, it } from 'vitest';
import { summarizeBatch, type TrialResult } from '../../src/domain/batch-summary.js';
import { mean, meanCurve, passHatCurve, passHatK } from '../../src/domain/pass-hat-k.js';

describe('passHatK = C(c,k)/C(n,k)', () => {
  it.each<[string, number, number, number, number]>([
    ['k=1 is the pass rate', 4, 3, 1, 3 / 4],
    ['k=1, nothing passed', 5, 0, 1, 0],
    ['all passed, any k', 8, 8, 5, 1],
    ['n = k, all passed', 3, 3, 3, 1],
    ['n = k, one failed', 3, 2, 3, 0],
    ['c < k → 0', 5, 1, 2, 0],
    ['c = k', 4, 2, 2, 1 / 6], // C(2,2)/C(4,2)
    ['τ-bench example', 8, 6, 4, 15 / 70], // C(6,4)/C(8,4)
    ['large n does not overflow', 200, 150, 100, Number.NaN],
  ])('%s: n=%i c=%i k=%i', (_name, n, c, k, expected) => {
    const p = passHatK(n, c, k);
    if (Number.isNaN(expected)) {
      expect(Number.isFinite(p)).toBe(true);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    } else expect(p).toBeCloseTo(expected, 12);
  });

  it.each<[string, number, number, number]>([
    ['k = 0', 3, 1, 0],
    ['k > n', 2, 2, 3],
    ['c > n', 2, 3, 1],
    ['c < 0', 2, -1, 1],
    ['not whole', 2.5, 1, 1],
  ])('%s → RangeError', (_name, n, c, k) => {
    expect(() => passHatK(n, c, k)).toThrow(RangeError);
  });

  it('never grows with k', () => {
    const curve = passHatCurve(10, 7, 10);
    const values = Object.values(curve) as number[];
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeLessThanOrEqual(values[i - 1]!);
  });
});

describe('passHatCurve / meanCurve / mean', () => {
  it('is null where k > n (too few trials finished)', () => {
    expect(passHatCurve(2, 1, 3)).toEqual({ 1: 0.5, 2: 0, 3: null });
  });

  it('averages each k over the curves that have it', () => {
    expect(meanCurve([{ 1: 1, 2: 1 }, { 1: 0.5, 2: null }], 2)).toEqual({ 1: 0.75, 2: 1 });
    expect(meanCurve([{ 1: null }], 1)).toEqual({ 1: null });
  });

  it.each<[number | null, (number | null)[]]>([
    [null, []],
    [null, [null]],
    [0.5, [0, 1, null]],
  ])('mean → %s', (expected, values) => {
    expect(mean(values)).toBe(expected);
  });
});

describe('summarizeBatch', () => {
  const t = (trial: number, passed: boolean, score = passed ? 1 : 0): TrialResult => ({ trial, score, passed, other: score, unjudged: 0, end: 'agent_finished', recording: null });

  it('per task and overall; pass^1 overall is the mean pass rate over tasks', () => {
    const s = summarizeBatch(
      [
        { task: 'a', trials: [t(2, true), t(1, true)] },
        { task: 'b', trials: [t(1, true), t(2, false, 0.5)] },
      ],
      2,
    );
    expect(s.tasks[0]).toMatchObject({ task: 'a', mean: 1, passes: 2, passHatK: { 1: 1, 2: 1 } });
    expect(s.tasks[0]!.trials.map((x) => x.trial)).toEqual([1, 2]);
    expect(s.tasks[1]).toMatchObject({ task: 'b', mean: 0.75, passes: 1, passHatK: { 1: 0.5, 2: 0 } });
    expect(s.mean).toBeCloseTo(0.875);
    expect(s.passHatK).toEqual({ 1: 0.75, 2: 0.5 });
  });

  it('a task with no finished trial has no mean and is left out of the averages', () => {
    const s = summarizeBatch([{ task: 'a', trials: [t(1, true)] }, { task: 'b', trials: [] }], 2);
    expect(s.tasks[1]).toMatchObject({ mean: null, passes: 0, passHatK: { 1: null, 2: null } });
    expect(s.mean).toBe(1);
    expect(s.passHatK).toEqual({ 1: 1, 2: null });
  });
});
