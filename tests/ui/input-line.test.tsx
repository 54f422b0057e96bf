import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputLine } from '../../src/ui/components/InputLine.js';
import { inputRow, KEY, keyboard } from '../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
  vi.unstubAllEnvs();
});

/** An input line on its own; `sent` collects what Enter submitted. */
function line(props: { busy?: boolean } = {}) {
  const sent: string[] = [];
  const inst = render(<InputLine prompt="agent" history={[]} onSubmit={(t) => (sent.push(t), true)} {...props} />);
  mounted.push(inst.unmount);
  const keys = keyboard(inst);
  return { ...inst, ...keys, sent, row: () => inputRow(keys.frame(), 'agent') };
}

/** True when `s` holds a UTF-16 surrogate that is not half of a pair. */
const loneSurrogate = (s: string): boolean => /\p{Cs}/u.test(s);

describe('InputLine, text beyond the Basic Multilingual Plane', () => {
  // Regression (fixed): the line stepped through code points but moved its cursor by UTF-16 units, so the
  // emoji was split and every later character landed between its halves ("aisle please � — naïve�").
  it('an emoji typed in the middle of a line stays whole, and the line is sent as typed', async () => {
    const l = line();
    const text = 'aisle please 🙂 — naïve';
    await l.type('agent', text);
    expect(l.row()).toBe(`agent ❯ ${text}`);
    await l.press(KEY.enter, () => l.sent.length === 1);
    expect(l.sent).toEqual([text]);
    expect(loneSurrogate(l.sent[0]!)).toBe(false);
  });

  it('the same text typed one key at a time', async () => {
    const l = line();
    for (const ch of 'a🙂b') await l.press(ch, (f) => inputRow(f, 'agent').endsWith(ch));
    expect(l.row()).toBe('agent ❯ a🙂b');
  });

  it.each([
    ['an emoji', 'hi😀b', 'hi'],
    ['a family (one grapheme of five code points)', 'ok👩‍👩‍👧x', 'ok'],
    ['an accent typed as a combining mark', 'cafe\u0301!', 'caf'],
    ['a flag (two regional indicators)', 'go🇫🇷.', 'go'],
  ])('Backspace twice after %s erases whole characters', async (_what, typed, left) => {
    const l = line();
    await l.type('agent', typed);
    await l.press('\u007F', (f) => inputRow(f, 'agent') !== `agent ❯ ${typed}`);
    await l.press('\u007F', (f) => inputRow(f, 'agent') === `agent ❯ ${left}`, `the line to read "${left}"`);
    await l.press(KEY.enter, () => l.sent.length === 1);
    expect(l.sent).toEqual([left]);
  });

  it('Left steps over an emoji as one character, and text typed there goes before it', async () => {
    const l = line();
    await l.type('agent', 'a😀');
    await l.press(KEY.left, (f) => inputRow(f, 'agent') === 'agent ❯ a😀');
    await l.press('b', (f) => inputRow(f, 'agent') === 'agent ❯ ab😀');
    await l.press(`${KEY.right}c`, (f) => inputRow(f, 'agent') === 'agent ❯ ab😀c');
    await l.press(`${KEY.left}${KEY.left}\u007F`, (f) => inputRow(f, 'agent') === 'agent ❯ a😀c');
    await l.press(KEY.enter, () => l.sent.length === 1);
    expect(l.sent).toEqual(['a😀c']);
    expect(loneSurrogate(l.sent[0]!)).toBe(false);
  });
});

describe('InputLine, a paste of several lines', () => {
  const lines = Array.from({ length: 150 }, (_, i) => `Do you know the weather ${i + 1}?`);

  // Regression (fixed): each line break in the chunk submitted the line, so the first line was sent, the
  // next 148 were submitted into nothing and cleared, and only the last stayed in the line.
  it.each([
    ['\\r (a terminal, tmux paste-buffer)', '\r'],
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
  ])('lands in the line as one text, its line breaks (%s) as spaces; Enter sends it once', async (_what, eol) => {
    const l = line();
    l.stdin.write(lines.join(eol) + eol);
    await l.press('', (f) => f.includes('weather 150?'), 'the last pasted line in the input');
    expect(l.sent).toEqual([]);
    await l.press(KEY.enter, () => l.sent.length === 1);
    expect(l.sent).toEqual([`${lines.join(' ')} `]);
  });

  it('a paste that arrives in two chunks, split mid-line, is still one text', async () => {
    const l = line();
    const all = lines.slice(0, 4).join('\r');
    l.stdin.write(all.slice(0, 40));
    await l.press(all.slice(40), (f) => f.includes('weather 4?'));
    expect(l.sent).toEqual([]);
    await l.press(KEY.enter, () => l.sent.length === 1);
    expect(l.sent).toEqual([lines.slice(0, 4).join(' ')]);
  });

  it('one line and Enter in one chunk (fast typing, tmux send-keys) still sends that line', async () => {
    const l = line();
    await l.press('hello\r', () => l.sent.length === 1);
    expect(l.sent).toEqual(['hello']);
  });
});

describe('InputLine while the other side is busy', () => {
  it('takes keys but Enter keeps the text instead of sending it', async () => {
    const l = line({ busy: true });
    await l.type('agent', 'typed ahead');
    l.stdin.write(KEY.enter);
    await l.press('!', (f) => inputRow(f, 'agent') === 'agent ❯ typed ahead!');
    expect(l.sent).toEqual([]);
  });
});

describe('InputLine cursor without colours', () => {
  // Regression (fixed): the cursor was an inverse cell only; under NO_COLOR (FORCE_COLOR=0) chalk drops every
  // style, inverse included, so no cursor was drawn at all.
  it('NO_COLOR: the cursor is drawn as a bar before the character it is on', async () => {
    vi.stubEnv('NO_COLOR', '1');
    const l = line();
    expect(l.row()).toMatch(/^agent ❯ ▏/); // on the empty line, before nothing
    await l.type('agent', 'ab');
    expect(l.row()).toBe('agent ❯ ab▏');
    await l.press(KEY.left, (f) => inputRow(f, 'agent') === 'agent ❯ a▏b');
  });

  it('with colours the cursor is an inverse cell, and no bar is added to the text', async () => {
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('FORCE_COLOR', '1');
    const l = line();
    await l.type('agent', 'ab');
    await l.press(KEY.left, (f) => inputRow(f, 'agent') === 'agent ❯ ab');
    expect(l.lastFrame()).not.toContain('▏');
  });
});
