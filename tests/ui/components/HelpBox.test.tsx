import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, SLASH_COMMANDS } from '../../../src/ui/commands.js';
import { HelpBox, helpHeight } from '../../../src/ui/components/HelpBox.js';
import { frameWith, keyboard } from '../../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

const PAGE_DOWN = '\u001B[6~';
const PAGE_UP = '\u001B[5~';

function box(width: number, maxRows: number) {
  const inst = render(<HelpBox side="agent" width={width} maxRows={maxRows} />);
  mounted.push(inst.unmount);
  return { ...inst, ...keyboard(inst) };
}

/** The words of the box, rows joined, without the border. */
const words = (frame: string): string =>
  frame
    .split('\n')
    .map((l) => l.replace(/^│\s?/, '').replace(/\s*│$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ');

describe('HelpBox', () => {
  // Regression (fixed): each line was cut to the width, so at 100 columns /call! lost the end of its description.
  it.each([100, 80, 60])('at %i columns every description is there whole, wrapped rather than cut', async (width) => {
    const h = box(width, 100);
    const f = await frameWith(h.lastFrame, 'Ctrl+C');
    expect(f).not.toContain('…');
    for (const c of SLASH_COMMANDS.filter((c) => c.sides.includes('agent'))) expect(words(f)).toContain(`/${c.name}${c.args ? ` ${c.args}` : ''} ${c.help}`);
    for (const [k, what] of KEYS) expect(words(f)).toContain(`${k} ${what}`);
    expect(f.split('\n')).toHaveLength(helpHeight('agent', width));
    for (const l of f.split('\n')) expect(Array.from(l).length).toBeLessThanOrEqual(width);
  });

  it('in fewer rows than it wants: a status row counts the rest, PgDn / PgUp scroll', async () => {
    const h = box(60, 10);
    const first = await frameWith(h.lastFrame, 'more lines · PgDn scrolls');
    expect(first.split('\n')).toHaveLength(10);
    expect(first).toContain('commands for the agent');
    let f = first;
    for (let page = 1; !f.includes('end of help'); page++) {
      expect(page, 'PgDn presses to reach the end').toBeLessThan(10);
      const before = f;
      f = await h.press(PAGE_DOWN, (fr) => fr !== before);
      expect(f.split('\n')).toHaveLength(10);
    }
    expect(f).toContain('Ctrl+C end the session');
    expect(f).toMatch(/↑ \d+ above · PgUp/);
    await h.press(PAGE_UP, (fr) => !fr.includes('end of help'));
  });
});
