import { describe, expect, it } from 'vitest';
import { partialLines } from '../../src/ui/partial-lines.js';

describe('partialLines', () => {
  it.each<[string, number, number, string[]]>([
    ['', 10, 3, []],
    ['short', 10, 3, ['short']],
    ['a\n\nb', 10, 3, ['a', 'b']], // blank lines are dropped
    ['one\ntwo\nthree\nfour', 10, 2, ['…three', 'four']], // a line shorter than the width keeps its first character
    ['one\ntwo\nthree\nfour', 10, 4, ['one', 'two', 'three', 'four']],
    ['abcdefghij klm', 5, 1, ['…klm']],
    ['aaaaa bbbbb ccccc', 5, 2, ['…bbbb', 'ccccc']], // a full first line gives its first character to the ellipsis
  ])('%j at width %d, %d lines → %j', (text, width, max, lines) => expect(partialLines(text, width, max)).toEqual(lines));

  it('never wider than the width, never more lines than asked', () => {
    const text = 'lorem ipsum dolor sit amet '.repeat(20);
    for (const width of [2, 7, 20]) {
      const lines = partialLines(text, width, 3);
      expect(lines.length).toBeLessThanOrEqual(3);
      for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(width);
    }
  });

  it('a width under 2 counts as 2; maxLines 0 still shows the last line', () => {
    expect(partialLines('abc', 0, 5).every((l) => l.length <= 2)).toBe(true);
    expect(partialLines('a\nb\nc', 10, 0)).toEqual(['…c']);
  });
});
