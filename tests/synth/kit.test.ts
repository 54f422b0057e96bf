import { describe, expect, it } from 'vitest';
import { compileJsonSchema } from '../../src/domain/json-schema.js';
import { RubricItem, Tool } from '../../src/domain/task.js';
import { cap, difficultyFor, distractor, hhmm, isoDate, monday, money, people, pickDistractors, rx, spokenDate, standardRubric, tool, weekday, withArticle } from '../../src/synth/kit.js';
import { createRng } from '../../src/synth/random.js';

describe('tool', () => {
  it('every parameter required unless optional, no other arguments, enums copied', () => {
    const seats = ['aisle', 'window'] as const;
    const t = tool('rebook', 'Rebook.', { booking_id: 'string', seat: { type: 'string', enum: seats }, note: { type: 'string', optional: true } }, { default: { result: 1 } });
    expect(Tool.safeParse(t).success).toBe(true);
    expect(t.parameters).toEqual({
      type: 'object',
      properties: { booking_id: { type: 'string' }, seat: { type: 'string', enum: ['aisle', 'window'] }, note: { type: 'string' } },
      required: ['booking_id', 'seat'],
      additionalProperties: false,
    });
    const compiled = compileJsonSchema(t.parameters);
    expect(compiled.ok && compiled.schema.safeParse({ booking_id: 'B', seat: 'aisle' }).success).toBe(true);
    expect(compiled.ok && compiled.schema.safeParse({ booking_id: 'B', seat: 'aisle', x: 1 }).success).toBe(false);
    expect(compiled.ok && compiled.schema.safeParse({ seat: 'aisle' }).success).toBe(false);
  });

  it('a distractor answers every call with its result', () => {
    const d = distractor('wipe', 'Wipe it.', {}, { ok: true }, 'Wipes the account');
    expect(d.tool.mock).toEqual({ default: { result: { ok: true } } });
    expect(d.forbidden).toBe('Wipes the account');
  });
});

describe('standardRubric', () => {
  const fact = { id: 'booking_id', description: 'booking reference', value: 'BK-1', aliases: ['booking'] };
  const rubric = standardRubric({
    facts: [{ fact, asks: 'Asks for the booking reference' }],
    subgoals: [{ id: 'rebooked', kind: 'subgoal', description: 'Rebooks', check: { type: 'world', query: 'x' } }],
    confirm: { pattern: 'rebooked', description: 'Confirms' },
    distractors: [distractor('cancel_booking', 'Cancel.', {}, 1, 'Cancels the booking')],
    maxQuestions: 4,
  });

  it('asks for each fact, the subgoals, a confirmation, no distractor, no guessing, no over-asking — in that order, all valid', () => {
    expect(rubric.map((r) => [r.id, r.kind, r.check.type])).toEqual([
      ['asks-booking-id', 'interaction', 'fact_elicited'],
      ['rebooked', 'subgoal', 'world'],
      ['confirms', 'subgoal', 'said'],
      ['no-cancel-booking', 'forbidden', 'tool_called'],
      ['no-guess-booking-id', 'forbidden', 'acted_before_eliciting'],
      ['no-over-asking', 'forbidden', 'asked_more_than'],
    ]);
    for (const item of rubric) expect(RubricItem.safeParse(item).success).toBe(true);
    expect(rubric.find((r) => r.id === 'no-cancel-booking')?.check).toEqual({ type: 'tool_called', tool: 'cancel_booking', ok: false });
    expect(rubric.at(-1)?.description).toBe('Asks more than 4 questions');
    expect(rubric.find((r) => r.id === 'no-guess-booking-id')?.description).toBe('Uses the booking reference before asking for it');
  });
});

describe('dates in 2026', () => {
  it.each<[number, string, string, string]>([
    [0, '2026-01-01', 'January 1', 'Thursday'],
    [30, '2026-01-31', 'January 31', 'Saturday'],
    [31, '2026-02-01', 'February 1', 'Sunday'],
    [58, '2026-02-28', 'February 28', 'Saturday'],
    [59, '2026-03-01', 'March 1', 'Sunday'],
    [193, '2026-07-13', 'July 13', 'Monday'],
    [364, '2026-12-31', 'December 31', 'Thursday'],
  ])('day %d is %s, %s, a %s', (day, iso, spoken, wd) => {
    expect(isoDate(day)).toBe(iso);
    expect(spokenDate(day)).toBe(spoken);
    expect(weekday(day)).toBe(wd);
  });

  it.each([-1, 365, 1.5])('day %d is outside the year', (day) => {
    expect(() => isoDate(day)).toThrow(/outside 2026/);
  });

  it('monday gives a Monday no later than the day drawn', () => {
    const rng = createRng('mondays');
    for (let i = 0; i < 100; i++) expect(weekday(monday(rng, 10, 300))).toBe('Monday');
  });
});

describe('small formatters', () => {
  it.each<[string, string]>([
    [hhmm(0), '00:00'],
    [hhmm(9 * 60 + 5), '09:05'],
    [hhmm(23 * 60 + 59), '23:59'],
    [money(5), '$5.00'],
    [money(1234.5), '$1234.50'],
    [cap('hello world'), 'Hello world'],
    [cap(''), ''],
    [withArticle('aisle'), 'an aisle'],
    [withArticle('Umbrella'), 'an Umbrella'],
    [withArticle('window'), 'a window'],
    [rx('$5.00 (approx)'), '\\$5\\.00 \\(approx\\)'],
  ])('%j = %j', (got, want) => expect(got).toBe(want));

  it('rx matches its text literally', () => {
    const text = 'a+b? [c] {d} ^e$ f|g \\h';
    expect(new RegExp(rx(text)).test(`say ${text} now`)).toBe(true);
    expect(new RegExp(`^${rx(text)}$`).test('aab? [c] {d} ^e$ f|g \\h')).toBe(false);
  });

  it.each<[number, string]>([
    [1, 'easy'],
    [2, 'easy'],
    [3, 'medium'],
    [5, 'medium'],
  ])('%d facts: %s', (n, d) => expect(difficultyFor(n)).toBe(d));
});

describe('people and distractors', () => {
  it('k people with distinct first and last names, the same for the same seed', () => {
    const a = people(createRng('p'), 6);
    expect(a).toHaveLength(6);
    expect(new Set(a.map((p) => p.first)).size).toBe(6);
    expect(new Set(a.map((p) => p.last)).size).toBe(6);
    for (const p of a) expect(p.name).toBe(`${p.first} ${p.last}`);
    expect(people(createRng('p'), 6)).toEqual(a);
  });

  it('picks one or two distractors from the pool, one from a pool of one', () => {
    const pool = ['a', 'b', 'c'].map((n) => distractor(n, n, {}, 1, n));
    for (let i = 0; i < 50; i++) {
      const got = pickDistractors(createRng(`d${i}`), pool);
      expect(got.length === 1 || got.length === 2).toBe(true);
      expect(new Set(got.map((d) => d.tool.name)).size).toBe(got.length);
    }
    expect(pickDistractors(createRng('one'), pool.slice(0, 1))).toHaveLength(1);
  });
});
