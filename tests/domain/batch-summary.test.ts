import { describe, expect, it } from 'vitest';
import { summarizeBatch, type TrialResult } from '../../src/domain/batch-summary.js';

const trial = (n: number, score: number, over: Partial<TrialResult> = {}): TrialResult => ({ trial: n, score, passed: score === 1, other: score / 2, unjudged: 0, end: 'agent_finished', recording: `r${n}.json`, ...over });

describe('summarizeBatch', () => {
  it('an empty batch: no means, pass^k all null, nothing flagged', () => {
    expect(summarizeBatch([], 2)).toEqual({ tasks: [], mean: null, otherMean: null, unjudgedTrials: 0, passHatK: { '1': null, '2': null }, audit: { flagged: 0, counts: {} } });
  });

  it('per task: trials in trial order, the means, passes and pass^k; k past the trials finished is null', () => {
    const s = summarizeBatch([{ task: 'a', trials: [trial(2, 0), trial(1, 1), trial(3, 1)] }], 4);
    const [a] = s.tasks;
    expect(a!.trials.map((t) => t.trial)).toEqual([1, 2, 3]);
    expect(a!.mean).toBeCloseTo(2 / 3);
    expect(a!.otherMean).toBeCloseTo(1 / 3);
    expect(a!.passes).toBe(2);
    expect(a!.passHatK['1']).toBeCloseTo(2 / 3);
    expect(a!.passHatK['2']).toBeCloseTo(1 / 3); // C(2,2)/C(3,2)
    expect(a!.passHatK['3']).toBe(0);
    expect(a!.passHatK['4']).toBeNull();
  });

  it('the batch means are over tasks (not trials), leaving out tasks with no value', () => {
    const s = summarizeBatch(
      [
        { task: 'a', trials: [trial(1, 1), trial(2, 1), trial(3, 1), trial(4, 0)] },
        { task: 'b', trials: [trial(1, 0)] },
        { task: 'c', trials: [] },
      ],
      2,
    );
    expect(s.tasks.map((t) => t.mean)).toEqual([0.75, 0, null]);
    expect(s.mean).toBeCloseTo(0.375);
    expect(s.passHatK['1']).toBeCloseTo((0.75 + 0) / 2);
    expect(s.passHatK['2']).toBeCloseTo(0.5 / 1); // only task a has two trials: C(3,2)/C(4,2) = 0.5
  });

  it('counts unjudged items per task and trials with any, over the batch', () => {
    const s = summarizeBatch([{ task: 'a', trials: [trial(1, 1, { unjudged: 2 }), trial(2, 1)] }, { task: 'b', trials: [trial(1, 1, { unjudged: 1 })] }], 1);
    expect(s.tasks.map((t) => t.unjudged)).toEqual([2, 1]);
    expect(s.unjudgedTrials).toBe(2);
  });

  it('tallies audit findings per task and over the batch; a kind counted 0 flags nothing', () => {
    const s = summarizeBatch(
      [
        { task: 'a', trials: [trial(1, 1, { findings: { invented_value: 2 } }), trial(2, 1, { findings: { invented_value: 1, unasked_reveal: 1 } })] },
        { task: 'b', trials: [trial(1, 1, { findings: { unasked_reveal: 0 } }), trial(2, 1)] },
      ],
      1,
    );
    expect(s.tasks.map((t) => t.audit)).toEqual([
      { flagged: 2, counts: { invented_value: 3, unasked_reveal: 1 } },
      { flagged: 0, counts: { unasked_reveal: 0 } },
    ]);
    expect(s.audit).toEqual({ flagged: 2, counts: { invented_value: 3, unasked_reveal: 1 } });
  });

  it('does not reorder the trials it was given', () => {
    const trials = [trial(2, 0), trial(1, 1)];
    summarizeBatch([{ task: 'a', trials }], 1);
    expect(trials.map((t) => t.trial)).toEqual([2, 1]);
  });
});
