import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { editKey, nextBoundary, previousBoundary, typeChunk } from '../../src/ui/line-edit.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** A line written with "|" where the cursor is. */
const at = (s: string) => ({ text: s.replace('|', ''), cursor: s.indexOf('|') });
const show = ({ text, cursor }: { text: string; cursor: number }): string => `${text.slice(0, cursor)}|${text.slice(cursor)}`;

describe('typeChunk', () => {
  it.each([
    ['plain text at the end', 'ab|', 'cd', 'abcd|', false],
    ['text in the middle', 'a|d', 'bc', 'abc|d', false],
    ['an emoji, then text after it', 'a|', '🙂 x', 'a🙂 x|', false],
    ['DEL erases one grapheme each', 'hi😀b|', '\x7f\x7f', 'hi|', false],
    ['BS as DEL', 'abc|', '\b\b', 'a|', false],
    ['Backspace at the start: nothing happens', '|abc', '\x7f', '|abc', false],
    ['a family emoji is one grapheme', 'x👩‍👩‍👧|', '\x7f', 'x|', false],
    ['a combining accent joins its letter', 'cafe|', '\u0301', 'cafe\u0301|', false],
    ['typed before a combining mark, the cursor goes after the joined character', 'ab|\u0301c', 'x', 'abx\u0301|c', false],
    ['one line and Enter: typed, then submit', '|', 'hello\r', 'hello|', true],
    ['Enter alone as \\n', 'hi|', '\n', 'hi|', true],
    ['two lines: a paste, not sent', '|', 'one\rtwo', 'one two|', false],
    ['a paste with a trailing line break: not sent, its breaks are spaces', '|', 'one\ntwo\n', 'one two |', false],
    ['CRLF is one break', '|', 'one\r\ntwo', 'one two|', false],
    ['Tab is a space, other controls are dropped', '|', 'a\tb\x01\x15c', 'a bc|', false],
    ['a lone surrogate is dropped', 'a|', 'b\uD83Dc', 'abc|', false],
    ['nothing', 'ab|c', '', 'ab|c', false],
  ])('%s', (_what, before, chunk, after, enter) => {
    const out = typeChunk(at(before), chunk);
    expect(show(out.line)).toBe(after);
    expect(out.enter).toBe(enter);
    expect(/\p{Cs}/u.test(out.line.text)).toBe(false);
  });
});

describe('editKey', () => {
  it.each([
    ['Left over an emoji', 'a😀|', '', { leftArrow: true }, 'a|😀'],
    ['Right over an emoji', 'a|😀b', '', { rightArrow: true }, 'a😀|b'],
    ['Left at the start', '|ab', '', { leftArrow: true }, '|ab'],
    ['Right at the end', 'ab|', '', { rightArrow: true }, 'ab|'],
    ['Left over a flag', 'go🇫🇷|', '', { leftArrow: true }, 'go|🇫🇷'],
    ['Home', 'ab|c', '', { home: true }, '|abc'],
    ['Ctrl+E', 'a|bc', 'e', { ctrl: true }, 'abc|'],
    ['Ctrl+U', 'a|bc', 'u', { ctrl: true }, '|'],
    ['Backspace (DEL, reported as delete)', 'ab😀|', '', { delete: true }, 'ab|'],
    ['text', 'a|', 'b', {}, 'ab|'],
  ])('%s', (_what, before, input, key, after) => {
    const out = editKey(at(before), input, { ...NO_KEY, ...key });
    expect(out && show(out.line)).toBe(after);
    expect(out?.enter).toBe(false);
  });

  it('Enter keeps the line and asks to submit', () => {
    expect(editKey(at('ab|'), '', { ...NO_KEY, return: true })).toEqual({ line: at('ab|'), enter: true });
  });

  it.each([
    ['Up', '', { upArrow: true }],
    ['Down', '', { downArrow: true }],
    ['Esc', '', { escape: true, meta: true }],
    ['Tab', '', { tab: true }],
    ['Ctrl+O', 'o', { ctrl: true }],
    ['Alt+b', 'b', { meta: true }],
  ])('%s is not an editing key', (_what, input, key) => {
    expect(editKey(at('ab|'), input, { ...NO_KEY, ...key })).toBeNull();
  });
});

describe('grapheme boundaries', () => {
  it.each([
    ['ascii', 'abc', 2, 1, 3],
    ['inside an emoji pair', 'a😀b', 2, 1, 3],
    ['after an emoji', 'a😀b', 3, 1, 4],
    ['at the ends', 'ab', 0, 0, 1],
  ])('%s', (_what, text, from, prev, next) => {
    expect(previousBoundary(text, from)).toBe(prev);
    expect(nextBoundary(text, from)).toBe(next);
  });
});
