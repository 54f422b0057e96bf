import { describe, expect, it } from 'vitest';
import { completeRubric, problemsUnder, pruneFactParams } from '../../src/synth/teacher-checks.js';
import { tinyTask } from '../helpers/tasks.js';

describe('draft fix-ups', () => {
  it('adds the elicitation and no-guess items a rubric lacks, with fresh ids, and nothing when complete', () => {
    const task = tinyTask({ rubric: [{ id: 'asks-order', kind: 'subgoal', description: 'x', check: { type: 'said', pattern: 'x' } }] });
    const done = completeRubric(task);
    expect(done.rubric.map((r) => [r.id, r.kind, r.check.type])).toEqual([
      ['asks-order', 'subgoal', 'said'],
      ['asks-order-2', 'interaction', 'fact_elicited'],
      ['asks-method', 'interaction', 'fact_elicited'],
      ['no-guess-order', 'forbidden', 'acted_before_eliciting'], // "method" fills no parameter
    ]);
    expect(completeRubric(done)).toBe(done);
  });

  it('drops fact params of tools that are gone', () => {
    const task = tinyTask({ tools: [] });
    expect(pruneFactParams(task).user.facts[0]).not.toHaveProperty('params');
  });

  it('picks the problems a step owns', () => {
    const problems = [{ path: 'tools[0].mock', message: 'a' }, { path: 'toolsets', message: 'b' }, { path: 'instruction', message: 'c' }];
    expect(problemsUnder(problems, ['tools']).map((p) => p.message)).toEqual(['a']);
    expect(problemsUnder(problems, [''])).toHaveLength(3);
  });
});
