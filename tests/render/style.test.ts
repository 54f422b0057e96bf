import { describe, expect, it } from 'vitest';
import { brief, cell, painter } from '../../src/render/style.js';

describe('painter', () => {
  const colored = (isTTY: boolean, env: NodeJS.ProcessEnv): boolean => painter({ isTTY, write: () => true }, env)('red', 'x') !== 'x';
  it.each<[boolean, NodeJS.ProcessEnv, boolean]>([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true], // an empty NO_COLOR does not count (no-color.org)
    [false, { FORCE_COLOR: '1' }, false],
  ])('a terminal: %s, env %j → coloured: %s', (isTTY, env, on) => expect(colored(isTTY, env)).toBe(on));
});

describe('cell', () => {
  it.each<[string, number, string]>([
    ['abc', 5, 'abc  '],
    ['abcde', 5, 'abcde'],
    ['abcdef', 5, 'abcd…'],
    ['', 2, '  '],
  ])('%j in %d → %j', (text, width, out) => expect(cell(text, width)).toBe(out));
});

describe('brief', () => {
  it.each<[unknown, number, string, string]>([
    [{ a: 1 }, 100, '', '{"a":1}'],
    [undefined, 100, '', 'null'],
    ['abcdefgh', 5, '', '"abc…'],
    ['abcdefgh', 5, 'show --full', '"abc… (6 more chars: show --full)'],
    ['abc', 5, 'how', '"abc"'],
  ])('%j, max %d, how %j → %j', (value, max, how, out) => expect(brief(value, max, how)).toBe(out));
});
