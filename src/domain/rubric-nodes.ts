import { linearPattern, type TextPattern } from './linear-regexp.js';
import type { Check, RubricItem, Task } from './task.js';
import { memos } from './memo.js';

/** A check inside a rubric item, addressed by a path like `2` (item 2) or `2.0.1` (nested `of`). */
export interface CheckNode {
  path: string;
  item: RubricItem;
  check: Check;
  children: CheckNode[];
}

const cache = memos.weak<Task, CheckNode[]>('rubric-nodes.trees');

/** The rubric as a tree of addressed nodes, one root per item (computed once per task). */
export function rubricNodes(task: Task): CheckNode[] {
  let roots = cache.get(task);
  if (!roots) {
    roots = task.rubric.map((item, i) => build(item, item.check, String(i)));
    cache.set(task, roots);
  }
  return roots;
}

function build(item: RubricItem, check: Check, path: string): CheckNode {
  const children =
    check.type === 'any' || check.type === 'all' ? check.of.map((c, i) => build(item, c, `${path}.${i}`)) : [];
  return { path, item, check, children };
}

/** Whether any check of the rubric, at any depth, is a `judge` check (it needs a judge model). */
export function usesJudge(task: Task): boolean {
  const judged = (c: Check): boolean => c.type === 'judge' || ((c.type === 'any' || c.type === 'all') && c.of.some(judged));
  return task.rubric.some((item) => judged(item.check));
}

/** Leaves in depth-first order, then composites after their children (so one pass settles them). */
export function nodesBottomUp(task: Task): CheckNode[] {
  const out: CheckNode[] = [];
  const walk = (n: CheckNode): void => {
    n.children.forEach(walk);
    out.push(n);
  };
  rubricNodes(task).forEach(walk);
  return out;
}

/** A `said` pattern, case-insensitive and matched in linear time, or null when it does not compile. */
export function saidRegExp(pattern: string): TextPattern | null {
  const c = linearPattern(pattern, true);
  return c.ok ? c.pattern : null;
}
