import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { initialState } from '../../../src/domain/session-state.js';
import type { Task } from '../../../src/domain/task.js';
import { cardRows, type Player, TaskCard } from '../../../src/ui/components/TaskCard.js';
import { frameWhere, frameWith, KEY, keyboard } from '../../helpers/ink.js';
import { tinyTask } from '../../helpers/tasks.js';
import { renderInTerminal } from '../render-in-terminal.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

const PAGE_DOWN = '\u001B[6~';
const PAGE_UP = '\u001B[5~';

/** Twelve numbered sentences and a last one: each must be readable on the card, the last above all. */
const background = `${Array.from({ length: 12 }, (_v, i) => `Sentence ${i + 1} of the background is here to be read.`).join(' ')} The last words are THE END.`;
const policy = `${Array.from({ length: 8 }, (_v, i) => `Rule ${i + 1}: never do the thing it forbids.`).join(' ')} Final rule: be kind.`;

function task(): Task {
  return tinyTask({
    system: policy,
    user: {
      persona: 'A patient customer.',
      background,
      facts: [{ id: 'order', description: 'order number', value: 'A-1', aliases: ['order number'] }],
    },
  });
}

function card(player: Player, maxRows?: number, width = 60) {
  const t = task();
  const inst = render(<TaskCard task={t} state={initialState(t)} player={player} spoiler={false} width={width} maxRows={maxRows} />);
  mounted.push(inst.unmount);
  return { ...inst, ...keyboard(inst) };
}

/** The card's rows without the border. */
const rowsOf = (frame: string): string[] => frame.split('\n').map((l) => l.replace(/^│ ?/, '').replace(/ *│$/, '').trimEnd());
/** The words shown, across rows (a sentence may wrap). */
const words = (frame: string): string => rowsOf(frame).join(' ').replace(/\s+/g, ' ');

describe('TaskCard', () => {
  it('with the rows for it, the user player reads the whole background, and nothing says it was cut', async () => {
    const c = card('user', 40);
    const f = await frameWith(c.lastFrame, 'order number');
    expect(words(f)).toContain(background);
    expect(f).toContain('persona: A patient customer.');
    expect(f).not.toContain('…');
    expect(f).not.toContain('more line');
    expect(f).not.toContain('policy:'); // the agent's side
  });

  it('cut: the last row shown ends with "…", a status row counts the lines left, and PgDn / PgUp scroll to the end and back', async () => {
    const c = card('user', 9);
    const first = await frameWith(c.lastFrame, 'more lines');
    const rows = rowsOf(first);
    expect(rows.length).toBe(9); // the rows it was given, border included
    const status = rows.findIndex((r) => /^↓ \d+ more lines · PgDn scrolls$/.test(r));
    expect(status, first).toBeGreaterThan(0);
    expect(rows[status - 1]).toMatch(/…$/);
    expect(first).toContain('🔒 order number: A-1'); // facts come before the long texts
    expect(words(first)).not.toContain('THE END');

    let f = first;
    for (let page = 1; !f.includes('end of card'); page++) {
      expect(page, 'PgDn presses to reach the end').toBeLessThan(10);
      const before = f;
      f = await c.press(PAGE_DOWN, (fr) => fr !== before);
      expect(f).toMatch(/↑ \d+ above · PgUp/);
    }
    expect(words(f)).toContain('The last words are THE END.');
    expect(rowsOf(f).filter((r) => r.endsWith('…'))).toEqual([]);
    const back = await c.press(PAGE_UP, (fr) => !fr.includes('end of card'));
    expect(back).toMatch(/↓ \d+ more lines? · PgDn/);
  });

  it('the agent player: the tools row stays in view when the policy is cut', async () => {
    const c = card('agent', 6);
    const f = await frameWith(c.lastFrame, 'more lines');
    expect(f).toContain('tools: refund, delete_account');
    expect(f).toContain('policy: Rule 1');
    expect(f).not.toContain('background:'); // the user's side
  });

  it.each<[string, number, boolean]>([
    ['80×40: the card has room, the whole background shows', 40, false],
    ['80×24: the card is cut to what the terminal leaves, and says so', 24, true],
  ])('without maxRows it takes its rows from the terminal: %s', async (_name, rows, cut) => {
    const t = task();
    const inst = renderInTerminal(<TaskCard task={t} state={initialState(t)} player="user" spoiler={false} width={80} />, 80, rows);
    mounted.push(inst.unmount);
    const f = await frameWhere(inst.lastFrame, (fr) => fr.includes('order number'));
    expect(words(f).includes('The last words are THE END.')).toBe(!cut);
    expect(f.includes('more lines · PgDn')).toBe(cut);
    // Stacked under the card (it is as wide as the terminal) are the rubric, the input and a few transcript rows.
    expect(f.split('\n').length).toBeLessThanOrEqual(cardRows(rows, false));
  });
});
