import { describe, expect, it } from 'vitest';
import { linearPattern } from '../../src/domain/linear-regexp.js';
import { Task } from '../../src/domain/task.js';
import { exampleTask } from '../helpers/tasks.js';

describe('linearPattern (issue 15, finding 3)', () => {
  it.each([
    ['^(a|a?)+$', `${'a'.repeat(50_000)}b`, false],
    ['(?:a|a)*c', `${'a'.repeat(50_000)}b`, false],
    ['^(a+)+$', `${'a'.repeat(50_000)}`, true],
    ['refunded', 'Your order is REFUNDED.', true],
    ['UA ?1[45]\\d', 'flight ua 145 is fine', true],
  ])('%s runs in linear time', (source, text, expected) => {
    const c = linearPattern(source, true);
    expect(c.ok).toBe(true);
    const started = performance.now();
    if (c.ok) expect(c.pattern.test(text)).toBe(expected);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it.each([
    ['a(?=b)', 'not supported'],
    ['(a)\\1', 'not supported'],
    ['UA (14', 'bad regular expression "UA (14": Unterminated group'],
  ])('%s is refused with a clear message', (source, message) => {
    const c = linearPattern(source);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toContain(message);
  });
});

describe('rubric weights are bounded (issue 15, finding 2: a weight of 1e308 gave "score": null)', () => {
  it('1e308 is refused, 1000 is kept', () => {
    const task = exampleTask();
    const heavy = { ...task, rubric: task.rubric.map((r, i) => (i === 0 ? { ...r, weight: 1e308 } : r)) };
    expect(Task.safeParse(heavy).success).toBe(false);
    const fine = { ...task, rubric: task.rubric.map((r, i) => (i === 0 ? { ...r, weight: 1000 } : r)) };
    expect(Task.safeParse(fine).success).toBe(true);
  });
});
