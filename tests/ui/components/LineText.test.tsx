import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LineText, stylesOff } from '../../../src/ui/components/LineText.js';
import { plain } from '../../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
  vi.unstubAllEnvs();
});

describe('stylesOff', () => {
  it.each<[NodeJS.ProcessEnv, boolean]>([
    [{}, false],
    [{ NO_COLOR: '1' }, true],
    [{ NO_COLOR: '' }, false],
    [{ FORCE_COLOR: '0' }, true],
    [{ FORCE_COLOR: 'false' }, true],
    [{ FORCE_COLOR: '1' }, false],
    [{ TERM: 'dumb' }, true],
    [{ TERM: 'xterm-256color' }, false],
  ])('%j → %s', (env, off) => expect(stylesOff(env)).toBe(off));
});

const frame = (el: React.ReactElement): string => {
  const inst = render(el);
  mounted.push(inst.unmount);
  return plain(inst.lastFrame);
};

describe('LineText', () => {
  it('with styles off, the cursor is a bar before the character it is on (a whole emoji)', () => {
    vi.stubEnv('NO_COLOR', '1');
    expect(frame(<LineText line={{ text: 'ab🙂c', cursor: 2 }} />)).toBe('ab▏🙂c');
    expect(frame(<LineText line={{ text: 'abc', cursor: 3 }} />)).toBe('abc▏');
    expect(frame(<LineText line={{ text: '', cursor: 0 }} placeholder="type here" />)).toBe('▏type here');
  });

  it('with styles on, no bar: the cursor is the character drawn inverse (a space at the end of the line)', () => {
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('FORCE_COLOR', '1');
    vi.stubEnv('TERM', 'xterm-256color');
    // The colour level of Ink's chalk is fixed when it loads, so here only the text is checked.
    expect(frame(<LineText line={{ text: 'abc', cursor: 1 }} />)).toBe('abc');
    expect(frame(<LineText line={{ text: 'abc', cursor: 3 }} />)).toBe('abc');
    expect(frame(<LineText line={{ text: '', cursor: 0 }} placeholder="type here" />)).toBe(' type here');
  });

  it('a row without the cursor is the text alone', () => {
    vi.stubEnv('NO_COLOR', '1');
    expect(frame(<LineText line={{ text: 'abc', cursor: 1 }} showCursor={false} />)).toBe('abc');
  });
});
