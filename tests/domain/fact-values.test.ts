import { describe, expect, it } from 'vitest';
import { concreteValuesOnce, namesValue, otherValues, wrongValueNamed } from '../../src/domain/fact-values.js';
import type { Fact, FactValue } from '../../src/domain/task.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

describe('namesValue', () => {
  it.each<[string, FactValue, boolean]>([
    ['my order is A-1', 'A-1', true],
    ['my order is a-1', 'A-1', true],
    ['my order is A-12', 'A-1', false],
    ['the budget is $5,000', 5000, true],
    ['the budget is 5000.00', '5000', true],
    ['the budget is 15000', 5000, false],
    ['on April 23, 2026', '2026-04-23', true],
    ['on 23 April', '2026-04-23', true], // a day without a year is that day in any year
    ['on April 23, 2025', '2026-04-23', false],
    ['on April 24', '2026-04-23', false],
    ['to my card, please', 'card', true],
    ['a discard pile', 'card', false], // words count as a whole phrase only
    ['that is true', true, true],
    ['yes', true, false], // a yes/no value is named only as written
    ['nothing here', 'A-1', false],
    ['', 'A-1', false],
  ])('%j names %j: %s', (text, value, expected) => expect(namesValue(text, value)).toBe(expected));

  it('uses the values given by `found` instead of reading the text again', () => {
    let reads = 0;
    const found = (): [] => (reads++, []);
    expect(namesValue('the budget is 5000', 5000, found)).toBe(true); // appears as written: found is not asked
    expect(reads).toBe(0);
    expect(namesValue('the budget is $5,000', 5000, found)).toBe(false); // found says there are no values
    expect(reads).toBe(1);
    expect(namesValue('the budget is $5,000', 'five thousand', found)).toBe(false); // words: no concrete value is wanted
    expect(reads).toBe(1);
  });
});

describe('concreteValuesOnce', () => {
  it('reads the values once and keeps them', () => {
    const values = concreteValuesOnce('call me on 2026-04-23 about BK-4411');
    const first = values();
    expect(first.map((v) => v.kind).sort()).toEqual(['code', 'date']);
    expect(values()).toBe(first);
  });
});

const fact = (patch: Partial<Fact>): Fact => ({ id: 'f', description: 'd', value: 'x', aliases: ['f'], ...patch }) as Fact;

describe('otherValues', () => {
  const task = tinyTask({
    tools: [
      {
        name: 'book',
        description: 'Book.',
        parameters: { type: 'object', properties: { city: { type: 'string', enum: ['Lisbon', 'Porto', 'Faro'] }, day: { type: 'string' }, n: { type: 'number' } } },
        mock: { cases: [{ when: { day: 'Monday' }, result: 1 }, { when: { day: 'Tuesday' }, result: 2 }, { when: { n: 3 }, result: 3 }], default: { result: 0 } },
      },
    ],
    world: { flights: [{ to: 'Lisbon' }, { to: 'Madrid' }, { to: '' }], rooms: { size: 2, other: 'Lisbon' } },
  });

  it.each<[string, Partial<Fact>, (string | number)[]]>([
    ['the enum of its parameter', { value: 'Lisbon', params: ['book.city'] }, ['Porto', 'Faro']],
    ['the values mock cases match it with', { value: 'Monday', params: ['book.day'] }, ['Tuesday']],
    ['world values under a key of the fact id', { id: 'to', value: 'Lisbon' }, ['Madrid']],
    ['enum and world together, each value once', { id: 'to', value: 'Lisbon', params: ['book.city'] }, ['Porto', 'Faro', 'Madrid']],
    ['nothing when the fact value is not among a slot', { value: 'Berlin', params: ['book.city'] }, []],
    ['nothing for a param naming no parameter', { value: 'Lisbon', params: ['book'] }, []],
    ['nothing for an unknown tool', { value: 'Lisbon', params: ['nope.city'] }, []],
    ['nothing without params or matching world keys', { id: 'colour', value: 'blue' }, []],
  ])('%s', (_name, patch, expected) => expect(otherValues(task, fact(patch))).toEqual(expected));
});

describe('wrongValueNamed', () => {
  const task = exampleTask();
  const booking = task.user.facts.find((f) => f.id === 'booking_id')!;

  it.each<[string, string | null]>([
    ['It is BK-4412.', 'BK-4412'],
    ['It is bk4412.', 'bk4412'],
    ['It is BK-4411.', null], // the right one
    ['It is BK-4411, not BK-4412.', null], // the right one is named too
    ['It is BK-44123.', null], // not the same shape
    ['It is XY-4412.', null],
    ['I do not know.', null],
  ])('%j → %j', (text, expected) => {
    expect(booking).toBeDefined();
    expect(wrongValueNamed(task, booking, text)).toBe(expected);
  });

  it('names a listed other value of the slot, and nothing for a yes/no fact', () => {
    const t = tinyTask({ world: { refunded: null, methods: [{ method: 'card' }, { method: 'voucher' }] } });
    const method = t.user.facts.find((f) => f.id === 'method')!;
    expect(wrongValueNamed(t, method, 'a voucher is fine')).toBe('voucher');
    expect(wrongValueNamed(t, method, 'card or voucher')).toBeNull();
    expect(wrongValueNamed(t, fact({ value: true }), 'no')).toBeNull();
  });
});
