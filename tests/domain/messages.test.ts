import { describe, expect, it } from 'vitest';
import { detectReveals } from '../../src/domain/messages.js';
import { tinyTask } from '../helpers/tasks.js';

const task = tinyTask({
  user: {
    facts: [
      { id: 'budget', description: 'budget', value: 5000, aliases: ['budget'] },
      { id: 'day', description: 'travel date', value: '2026-04-23', aliases: ['date'] },
      { id: 'code', description: 'booking code', value: 'BK-4411', aliases: ['booking'] },
    ],
  },
});

describe('detectReveals: a number or date counts in its common spellings (SPEC §1 fact_elicited)', () => {
  it.each([
    ['5000', ['budget']],
    ['about 5,000 in total', ['budget']],
    ['$5,000', ['budget']],
    ['5000.00 dollars', ['budget']],
    ['15000', []],
    ['2026-04-23', ['day']],
    ['on April 23, 2026', ['day']],
    ['23 April 2026', ['day']],
    ['4/23/2026 please', ['day']],
    ['Apr 23 2026', ['day']],
    ['April 24, 2026', []],
    ['bk-4411', ['code']],
    ['BK-4412', []],
    ['nothing useful', []],
  ])('%s → %j', (text, ids) => {
    expect(detectReveals(task, text)).toEqual(ids);
  });
});
