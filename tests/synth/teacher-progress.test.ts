import { describe, expect, it } from 'vitest';
import { SynthProgress, synthProgressLine } from '../../src/synth/teacher-progress.js';

describe('SynthProgress', () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, stream: { isTTY, columns: 200, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
  };

  it('redraws one line on a terminal, with the step under way, and keeps discard reasons above it', () => {
    const { writes, stream: s } = stream(true);
    const p = new SynthProgress(s, 2);
    p.working('travel-001', 'rubric');
    p.finished('travel-001', { kept: false, reason: 'boom' }, 1000);
    p.end();
    expect(writes[0]).toBe(`\r\x1b[2K${synthProgressLine({ done: 0, total: 2, kept: 0, etaMs: null, current: 'travel-001 rubric' })}`);
    expect(writes).toContain('1/2 travel-001 discarded: boom\n');
    expect(writes.at(-2)).toBe('\r\x1b[2K[##########..........] 1/2  50%  ETA 1s  kept 0');
    expect(writes.at(-1)).toBe('\n');
  });

  it('writes one line per task otherwise', () => {
    const { writes, stream: s } = stream(false);
    const p = new SynthProgress(s, 2);
    p.working('travel-001', 'task');
    p.finished('travel-001', { kept: true, repaired: false }, 10);
    p.finished('retail-002', { kept: true, repaired: true }, 10);
    p.end();
    expect(writes).toEqual(['1/2 travel-001 kept\n', '2/2 retail-002 kept (after repair)\n']);
  });
});
