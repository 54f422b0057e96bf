import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputLine } from '../../../src/ui/components/InputLine.js';
import { frameWhere, inputRow, KEY, keyboard } from '../../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
  vi.unstubAllEnvs();
});

/** An input line on its own; `sent` collects what Enter submitted. */
function line(props: { busy?: boolean; history?: string[]; width?: number; maxRows?: number; onWantRows?: (rows: number) => void } = {}) {
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

describe('InputLine history (Up / Down)', () => {
  const history = ['What is your booking reference?', '/call get_booking {"booking_id":"BK-4411"}'];
  const is = (text: string) => (f: string) => inputRow(f, 'agent') === `agent ❯ ${text}`;

  // Regression (fixed): Down past the newest entry set the line to '' and what was being typed was lost.
  it('Up from a half-typed line keeps it as a draft; Down past the newest entry brings it back', async () => {
    const l = line({ history });
    await l.type('agent', 'And your seat');
    await l.press(KEY.up, is(history[1]!));
    await l.press(KEY.up, is(history[0]!));
    await l.press(KEY.up, is(history[0]!)); // the oldest stays
    await l.press(KEY.down, is(history[1]!));
    await l.press(KEY.down, is('And your seat'), 'the draft back');
    // Down again, with no recall going on, does nothing: the next key lands after the draft.
    l.stdin.write(KEY.down);
    await l.press('?', is('And your seat?'));
    await l.press(KEY.enter, () => l.sent.length === 1);
    expect(l.sent).toEqual(['And your seat?']);
  });

  it('Down on a line being typed, with nothing recalled, leaves it alone', async () => {
    const l = line({ history });
    await l.type('agent', 'draft');
    l.stdin.write(KEY.down);
    // The next key lands after Down was handled: the line holds the draft and that key, no recalled entry.
    const f = await l.press('!', (fr) => inputRow(fr, 'agent').endsWith('!'));
    expect(inputRow(f, 'agent')).toBe('agent ❯ draft!');
    expect(l.sent).toEqual([]);
  });

  it('after a recalled line is sent, Up starts again from the newest entry and Down returns to an empty line', async () => {
    const l = line({ history });
    const recalled = (f: string): boolean => inputRow(f, 'agent') !== 'agent ❯';
    expect(inputRow(await l.press(KEY.up, recalled), 'agent')).toBe(`agent ❯ ${history[1]}`);
    await l.press(KEY.enter, () => l.sent.length === 1);
    expect(l.sent).toEqual([history[1]]);
    expect(inputRow(await l.press(KEY.up, recalled), 'agent')).toBe(`agent ❯ ${history[1]}`);
    expect(inputRow(await l.press(KEY.down, (f) => !recalled(f)), 'agent')).toBe('agent ❯');
    expect(l.sent).toHaveLength(1);
  });
});

describe('InputLine, a line longer than its rows', () => {
  const words = Array.from({ length: 40 }, (_v, i) => `w${String(i).padStart(2, '0')}-abcdef`);
  const text = words.join(' ');
  /** The rows of the line: the prompt row and the rows under it (indented by the prompt's width). */
  const rowsOf = (f: string): string[] => f.split('\n').filter((r) => r.trim() !== '');

  it('wraps within its width, shows at most maxRows rows around the cursor, and marks what is hidden with "…"', async () => {
    const wants: number[] = [];
    const l = line({ width: 40, maxRows: 3, onWantRows: (n) => wants.push(n) });
    l.stdin.write(text);
    const end = await frameWhere(l.lastFrame, (f) => f.replace(/\s+/g, '').endsWith('w39-abcdef'));
    let rows = rowsOf(end);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(Array.from(r.trimEnd()).length, r).toBeLessThanOrEqual(40);
    expect(rows[0]).toMatch(/^agent ❯…/); // rows hidden above
    expect(rows.slice(1).every((r) => r.startsWith(' '.repeat(8)))).toBe(true);
    // It told how many rows the whole text wants: its characters and the cursor, in rows of 40 - 8 (prompt) - 1 ("…").
    expect(wants.at(-1)).toBe(Math.ceil((text.length + 1) / 31));

    const home = await l.press(KEY.home, (f) => rowsOf(f)[0]!.startsWith('agent ❯ w00'));
    rows = rowsOf(home);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatch(/…$/); // rows hidden below
    expect(home).not.toContain('w39');

    await l.press(KEY.enter, () => l.sent.length === 1);
    expect(l.sent).toEqual([text]);
    await frameWhere(l.lastFrame, (f) => rowsOf(f).length === 1);
    expect(wants.at(-1)).toBe(1);
  });
});
