import { describe, expect, it } from 'vitest';
import { concreteValues, KnownValues } from '../../src/domain/audit-values.js';

const keys = (text: string): string[] => concreteValues(text).map((v) => `${v.kind} ${v.key}`);

describe('concreteValues', () => {
  it.each([
    ["I'd borrow $28,000 at 6.5% over 60 months.", ['number num:28000', 'number num:6.5', 'number num:60']],
    ['$6,500 or 6500 dollars or 6.5k', ['number num:6500', 'number num:6500', 'number num:6500']],
    ['April 23, 1979; 2026-04-23; 4/23/2026; 23 April; Oct 20th', ['date date:1979-04-23', 'date date:2026-04-23', 'date date:2026-04-23', 'date date:04-23', 'date date:10-20']],
    ['at 9:15 am, 14:30 or 11pm', ['time time:09:15', 'time time:14:30', 'time time:23:00']],
    ['BK-4411, UA14, Apt 4B, AC-83KQ-19, 555-0142', ['code code:BK4411', 'code code:UA14', 'code code:4B', 'code code:AC83KQ19', 'code code:5550142']],
    ['write to J.Moreau@Fastmail.com', ['email email:j.moreau@fastmail.com']],
    ['the 3rd, a 60-month loan, 1-2 days', ['number num:3', 'number num:60', 'number num:1', 'number num:2']],
    ['No values here, just StreamPlus and Porto.', []],
  ])('%j', (text, expected) => {
    expect(keys(text)).toEqual(expected);
  });
});

describe('KnownValues', () => {
  const known = new KnownValues();
  known.addText('Cancelled on October 20 (2026); booking BK-4411; come before 11; three weeks ago.');
  known.addJson({ amount: 15.99, when: '2026-11-14', nested: ['TX-90455'] });
  it.each([
    ['October 20, 2026', true],
    ['Oct 20', true],
    ['November 14', true],
    ['$15.99', true],
    ['bk4411', true],
    ['4411', true],
    ['11am', true],
    ['3', true],
    ['TX-90455', true],
    ['October 21', false],
    ['11:30', false],
    ['BK-4412', false],
    ['$16', false],
  ])('%j is known: %s', (text, expected) => {
    const [value] = concreteValues(text);
    expect(known.has(value!)).toBe(expected);
  });
});
