import { describe, expect, it } from 'vitest';
import { barLine, estimateMs, formatDuration, Progress } from '../../src/render/progress.js';

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [-5000, '0s'],
    [499, '0s'],
    [500, '1s'],
    [59_499, '59s'],
    [59_500, '1m00s'],
    [65_000, '1m05s'],
    [3_599_000, '59m59s'],
    [3_600_000, '1h00m'],
    [7_380_000, '2h03m'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('estimateMs', () => {
  it.each<[number[], number, number, number | null]>([
    [[], 5, 1, null], // nothing finished: no estimate
    [[], 0, 1, 0], // nothing left
    [[1000, 3000], 0, 4, 0],
    [[1000, 3000], 4, 1, 8000],
    [[1000, 3000], 4, 2, 4000],
    [[1000, 3000], 2, 8, 2000], // no more at once than are left
    [[1000], 3, 0, 3000], // concurrency below 1 counts as 1
  ])('%j, %d left, %d at once → %j', (durations, remaining, concurrency, ms) => expect(estimateMs(durations, remaining, concurrency)).toBe(ms));
});

describe('barLine', () => {
  it.each<[Parameters<typeof barLine>[0], string]>([
    [{ done: 0, total: 4, etaMs: null, tail: 'x' }, '[....................] 0/4  0%  ETA --  x'],
    [{ done: 1, total: 4, etaMs: 65_000, tail: '' }, '[#####...............] 1/4  25%  ETA 1m05s  '],
    [{ done: 4, total: 4, etaMs: 0, tail: 'done', width: 4 }, '[####] 4/4  100%  ETA 0s  done'],
    [{ done: 0, total: 0, etaMs: 0, tail: '', width: 2 }, '[##] 0/0  100%  ETA 0s  '],
    [{ done: 2, total: 3, etaMs: null, tail: '', width: 3 }, '[##.] 2/3  66%  ETA --  '],
  ])('%j', (p, line) => expect(barLine(p)).toBe(line));
});

function stream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { writes, out: { isTTY, columns, write: (s: string) => writes.push(s) } };
}
const line = (p: { done: number; total: number; etaMs: number | null }): string => `${p.done}/${p.total} eta=${p.etaMs}`;

describe('Progress', () => {
  it('elsewhere than a terminal: the note, then one line per finished item, nothing else', () => {
    const { writes, out } = stream(false);
    const p = new Progress(out, { total: 2, line });
    p.start('starting');
    p.update();
    p.finished('a done', 10, true);
    p.print('a retry');
    p.finished('b done', 10);
    p.end();
    expect(writes).toEqual(['starting\n', 'a done\n', 'a retry\n', 'b done\n']);
  });

  it('no note: nothing is written at the start elsewhere', () => {
    const { writes, out } = stream(false);
    new Progress(out, { total: 1, line }).start(null);
    expect(writes).toEqual([]);
  });

  it('on a terminal: one bar redrawn in place, kept lines and prints above it, a newline at the end', () => {
    const { writes, out } = stream(true, 200);
    const p = new Progress(out, { total: 3, done: 1, concurrency: 2, line });
    p.start(null);
    expect(writes).toEqual(['\r\x1b[2K1/3 eta=null']);
    p.finished('not kept', 1000);
    expect(writes.at(-1)).toBe('\r\x1b[2K2/3 eta=1000');
    expect(writes).not.toContain('not kept\n');
    p.print('a retry');
    expect(writes.slice(-3)).toEqual(['\r\x1b[2K', 'a retry\n', '\r\x1b[2K2/3 eta=1000']);
    p.finished('kept', 3000, true);
    expect(writes.slice(-3)).toEqual(['\r\x1b[2K', 'kept\n', '\r\x1b[2K3/3 eta=0']);
    p.end();
    expect(writes.at(-1)).toBe('\n');
    p.end(); // twice: nothing more
    expect(writes.filter((w) => w === '\n')).toHaveLength(1);
  });

  it('cuts the bar to the terminal width (80 when unknown)', () => {
    const long = (): string => 'x'.repeat(300);
    const narrow = stream(true, 10);
    new Progress(narrow.out, { total: 1, line: long }).start(null);
    expect(narrow.writes[0]).toBe(`\r\x1b[2K${'x'.repeat(9)}`);
    const unknown = stream(true);
    new Progress(unknown.out, { total: 1, line: long }).start(null);
    expect(unknown.writes[0]).toBe(`\r\x1b[2K${'x'.repeat(79)}`);
  });

  it('a print before the bar is drawn is just a line', () => {
    const { writes, out } = stream(true, 80);
    new Progress(out, { total: 1, line }).print('early');
    expect(writes).toEqual(['early\n']);
  });
});
