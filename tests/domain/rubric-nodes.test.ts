import { describe, expect, it } from 'vitest';
import { nodesBottomUp, rubricNodes, saidRegExp, usesJudge } from '../../src/domain/rubric-nodes.js';
import type { Check } from '../../src/domain/task.js';
import { tinyTask } from '../helpers/tasks.js';

const said = (pattern: string): Check => ({ type: 'said', pattern });
const judge: Check = { type: 'judge', criterion: 'polite' };
const taskWith = (...checks: Check[]) => tinyTask({ rubric: checks.map((check, i) => ({ id: `i${i}`, kind: 'subgoal', description: `item ${i}`, check })) });

describe('rubricNodes', () => {
  it('one root per item, addressed by index; nested any/all by dotted paths', () => {
    const task = taskWith(said('a'), { type: 'all', of: [said('b'), { type: 'any', of: [said('c'), said('d')] }] });
    const roots = rubricNodes(task);
    expect(roots.map((r) => r.path)).toEqual(['0', '1']);
    expect(roots[1]!.children.map((c) => c.path)).toEqual(['1.0', '1.1']);
    expect(roots[1]!.children[1]!.children.map((c) => [c.path, c.item.id])).toEqual([['1.1.0', 'i1'], ['1.1.1', 'i1']]);
    expect(roots[0]!.children).toEqual([]);
  });

  it('is computed once per task object', () => {
    const task = taskWith(said('a'));
    expect(rubricNodes(task)).toBe(rubricNodes(task));
    expect(rubricNodes({ ...task })).not.toBe(rubricNodes(task));
  });

  it('an empty rubric has no nodes', () => {
    expect(rubricNodes(taskWith())).toEqual([]);
    expect(nodesBottomUp(taskWith())).toEqual([]);
  });
});

describe('nodesBottomUp', () => {
  it('children before their composite, items in order', () => {
    const task = taskWith({ type: 'all', of: [said('b'), { type: 'any', of: [said('c'), said('d')] }] }, said('a'));
    expect(nodesBottomUp(task).map((n) => n.path)).toEqual(['0.0', '0.1.0', '0.1.1', '0.1', '0', '1']);
  });
});

describe('usesJudge', () => {
  it.each<[string, Check[], boolean]>([
    ['no items', [], false],
    ['no judge check', [said('a'), { type: 'any', of: [said('b')] }], false],
    ['a judge item', [said('a'), judge], true],
    ['a judge check nested deep', [{ type: 'all', of: [said('a'), { type: 'any', of: [said('b'), judge] }] }], true],
  ])('%s: %s', (_name, checks, expected) => expect(usesJudge(taskWith(...checks))).toBe(expected));
});

describe('saidRegExp', () => {
  it.each<[string, string, boolean]>([
    ['rebooked', 'You are REBOOKED.', true],
    ['^done$', 'done', true],
    ['^done$', 'not done', false],
    ['UA\\d+', 'on ua14', true],
    ['(a+)+$', `${'a'.repeat(10_000)}!`, false], // linear time: answers, does not hang
  ])('%j on %j: %s', (pattern, text, hit) => expect(saidRegExp(pattern)?.test(text)).toBe(hit));

  it.each(['(', '(?=x)', '(a)\\1'])('%j does not compile: null', (pattern) => expect(saidRegExp(pattern)).toBeNull());
});
