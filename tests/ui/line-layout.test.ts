import { describe, expect, it } from 'vitest';
import { cursorRow, graphemeWidth, lineRows, windowTop } from '../../src/ui/line-layout.js';

describe('lineRows', () => {
  it.each<[string, string, number, [number, number][]]>([
    ['an empty line is one row', '', 10, [[0, 0]]],
    ['a short line is one row', 'hello', 10, [[0, 5]]],
    ['a full row leaves the cursor a row of its own', 'abcd', 4, [[0, 4], [4, 4]]],
    ['hard wraps, with no regard for spaces', 'ab cd ef', 3, [[0, 3], [3, 6], [6, 8]]],
    ['a wide emoji is two columns and never split', 'ab🙂c', 3, [[0, 2], [2, 5], [5, 5]]],
    ['a family of five code points is one grapheme of two columns', 'x👩‍👩‍👧y', 3, [[0, 9], [9, 10]]],
  ])('%s', (_name, text, width, rows) => {
    expect(lineRows(text, width)).toEqual(rows);
  });

  it('every row fits the width, and the rows cover the text in order', () => {
    const text = 'Ünïcode 漢字 and 🙂 emoji, '.repeat(12);
    for (const width of [3, 7, 20, 33]) {
      const rows = lineRows(text, width);
      expect(rows.map(([a, b]) => text.slice(a, b)).join('')).toBe(text);
      for (const [a, b] of rows) {
        const cells = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(a, b))].reduce((n, s) => n + graphemeWidth(s.segment), 0);
        expect(cells).toBeLessThanOrEqual(width);
      }
    }
  });
});

describe('cursorRow and windowTop', () => {
  const rows = lineRows('abcdefghij', 4); // abcd | efgh | ij
  it.each<[number, number]>([
    [0, 0],
    [3, 0],
    [4, 1],
    [9, 2],
    [10, 2],
  ])('the cursor at %i is on row %i', (cursor, row) => {
    expect(cursorRow(rows, cursor)).toBe(row);
  });

  it.each<[string, number, number, number, number, number]>([
    ['in view: the window stays', 2, 3, 3, 10, 2],
    ['above the window: it moves up to the row', 4, 2, 3, 10, 2],
    ['below the window: it moves down just enough', 0, 5, 3, 10, 3],
    ['never past the end', 9, 9, 3, 10, 7],
    ['a window as big as the text starts at 0', 3, 1, 5, 4, 0],
  ])('%s', (_name, top, row, size, total, expected) => {
    expect(windowTop(top, row, size, total)).toBe(expected);
  });
});
