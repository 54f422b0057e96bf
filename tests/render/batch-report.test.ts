import { describe, expect, it } from 'vitest';
import { summarizeBatch } from '../../src/domain/batch-summary.js';
import { estimateMs, finishedLine, formatDuration, progressLine, summaryTable } from '../../src/render/batch-report.js';

const plain = (_c: string, text: string): string => text;

describe('batch progress', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [45_400, '45s'],
    [65_000, '1m05s'],
    [3_725_000, '1h02m'],
  ])('formatDuration(%i) → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each<[string, number[], number, number, number | null]>([
    ['nothing finished yet', [], 10, 2, null],
    ['nothing left', [1000], 0, 2, 0],
    ['mean × remaining ÷ concurrency', [1000, 3000], 10, 2, 10_000],
    ['fewer left than workers', [1000], 1, 4, 1000],
  ])('estimateMs: %s', (_name, durations, remaining, concurrency, expected) => {
    expect(estimateMs(durations, remaining, concurrency)).toBe(expected);
  });

  it('draws the bar line', () => {
    expect(progressLine({ done: 12, total: 40, etaMs: 65_000, mean: 0.62, width: 10 })).toBe('[###.......] 12/40  30%  ETA 1m05s  mean 0.62');
    expect(progressLine({ done: 0, total: 4, etaMs: null, mean: null, width: 4 })).toBe('[....] 0/4  0%  ETA --  mean -');
  });

  it('writes one plain line per finished session', () => {
    expect(finishedLine(12, 40, 'travel-rebook', { trial: 2, score: 1, passed: true, other: 1, unjudged: 0, end: 'agent_finished', recording: null })).toBe('12/40 travel-rebook t2 score 1.00 passed');
    expect(finishedLine(1, 2, 'x', { trial: 1, score: 0, passed: false, other: 0, unjudged: 2, end: 'max_turns', recording: null })).toBe('1/2 x t1 score 0.00 failed (2 unjudged) (max_turns)');
  });

  it('prints a summary table with pass^1..pass^K', () => {
    const s = summarizeBatch([{ task: 'travel-rebook', trials: [{ trial: 1, score: 1, passed: true, other: 0.3, unjudged: 1, end: 'agent_finished', recording: null, findings: { invented_value: 2 } }] }, { task: 'b', trials: [] }], 2);
    const lines = summaryTable(s, 2, plain);
    expect(lines[0]).toMatch(/^task\s+trials\s+paper\s+released\s+unjudged\s+passes\s+pass\^1\s+pass\^2\s+flagged\s+simulator audit$/);
    expect(lines[1]).toMatch(/^travel-rebook\s+1\/2\s+1\.00\s+0\.30\s+1\s+1\s+1\.00\s+-\s+1\s+⚠ invented_value 2$/);
    expect(lines[2]).toMatch(/^b\s+0\/2\s+-\s+-\s+-\s+-\s+-\s+-\s+-\s+—$/);
    expect(lines[3]).toMatch(/^overall\s+1\.00\s+0\.30\s+1\.00\s+-\s+1\s+⚠ invented_value 2$/);
    expect(s.audit).toEqual({ flagged: 1, counts: { invented_value: 2 } });
    expect(lines[4]).toBe('1 session with unjudged items (no judge model?): their rewards leave those items out');
  });
});
