import { describe, expect, it } from 'vitest';
import { type LiveWants, liveLayout } from '../../src/ui/session-layout.js';

/** The example task's panels at rest: input and footer below, a card of 8 rows, a rubric of 10 items. */
const base: LiveWants = { rows: 24, wide: false, fixed: 2, help: 0, form: 0, card: 8, rubric: 13 };

describe('liveLayout', () => {
  it.each<[string, Partial<LiveWants>, { help: number; form: number; card: number; rubric: number }]>([
    ['80×24 at rest: the card whole, the rubric cut to 9 rows, 4 transcript rows left', {}, { help: 0, form: 0, card: 8, rubric: 9 }],
    ['60×20 at rest: fewer transcript rows kept, the card and rubric share', { rows: 20, card: 9 }, { help: 0, form: 0, card: 9, rubric: 5 }],
    ['a tall terminal: the rubric whole, the card may take the rest', { rows: 50, rubric: 6 }, { help: 0, form: 0, card: 37, rubric: 6 }],
    ['side by side: each may take the whole height', { rows: 30, wide: true }, { help: 0, form: 0, card: 23, rubric: 13 }],
    ['/help open: it gets its rows, the panels the rest and no transcript rows', { rows: 30, wide: true, help: 17 }, { help: 17, form: 0, card: 10, rubric: 10 }],
    ['/help taller than the room: it is cut to the room, the panels are left out', { help: 30 }, { help: 21, form: 0, card: 0, rubric: 0 }],
    ['too few rows left for the card: panels left out', { help: 17 }, { help: 17, form: 0, card: 0, rubric: 0 }],
    ['the tool form comes before help', { rows: 20, form: 10, help: 17 }, { help: 7, form: 10, card: 0, rubric: 0 }],
    ['stacked with room for the card alone: no rubric', { rows: 14, fixed: 5 }, { help: 0, form: 0, card: 8, rubric: 0 }],
    ['a tiny terminal: nothing but the lines below', { rows: 8, fixed: 3 }, { help: 0, form: 0, card: 0, rubric: 0 }],
  ])('%s', (_name, patch, expected) => {
    const w = { ...base, ...patch };
    const got = liveLayout(w);
    expect(got).toEqual(expected);
    // Whatever the case, the live part stays shorter than the terminal.
    const panels = w.wide ? Math.max(got.card, got.rubric) : got.card + got.rubric;
    expect(w.fixed + got.help + got.form + panels).toBeLessThan(w.rows);
  });
});
