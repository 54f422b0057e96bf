import { describe, expect, it } from 'vitest';
import { completeResult, resultOf } from '../../src/domain/score.js';
import { releasedReward, type Sections, sectionsOf } from '../../src/domain/rewards.js';
import { applyEvent, initialState, type SessionState } from '../../src/domain/session-state.js';
import type { RubricItem } from '../../src/domain/task.js';
import { skipReason } from '../../src/domain/export-formats.js';
import type { Recording } from '../../src/domain/recording.js';
import { tinyTask } from '../helpers/tasks.js';

const item = (id: string, kind: RubricItem['kind'], check: RubricItem['check'] = { type: 'said', pattern: id }): RubricItem => ({ id, kind, description: id, check });
const judgeItem = (id: string, kind: RubricItem['kind']): RubricItem => item(id, kind, { type: 'judge', criterion: id });

/** `n` items of a kind, named `<prefix>1…`. */
const many = (prefix: string, kind: RubricItem['kind'], n: number): RubricItem[] => Array.from({ length: n }, (_, i) => item(`${prefix}${i + 1}`, kind));

/** A finished state where exactly the items in `done` were satisfied (a forbidden item in `done` was violated). */
function ended(rubric: RubricItem[], done: string[]): SessionState {
  let s = initialState(tinyTask({ rubric }));
  done.forEach((id, i) => {
    s = applyEvent(s, { seq: i, type: 'rubric_hit', item: id, kind: rubric.find((r) => r.id === id)!.kind });
  });
  return applyEvent(s, { seq: done.length, type: 'end', reason: 'agent_finished' });
}

const sec = (p: [number, number], g: [number, number], i: [number, number]): Sections => ({
  policy: { met: p[0], total: p[1] },
  subgoal: { met: g[0], total: g[1] },
  interaction: { met: i[0], total: i[1] },
});

describe('released reward (RL/my_script/reward_function.py at d1b119d)', () => {
  it.each<[string, Sections, number]>([
    ['everything met', sec([2, 2], [4, 4], [2, 2]), 1],
    ['policy 1 of 2 kept still counts', sec([1, 2], [3, 3], [1, 1]), 1],
    ['no policy item kept → 0', sec([0, 2], [3, 3], [1, 1]), 0],
    ['no policy section → 0', sec([0, 0], [3, 3], [1, 1]), 0],
    ['sub-goals 2 of 7 (below 0.3) → 0', sec([1, 1], [2, 7], [1, 1]), 0],
    ['sub-goals 3 of 10 (exactly 0.3) is kept', sec([1, 1], [3, 10], [0, 1]), 0.21],
    ['0.7 × S + 0.3 × I', sec([1, 1], [1, 2], [1, 4]), 0.7 * 0.5 + 0.3 * 0.25],
    ['no interaction items: 0.7 × S only', sec([1, 1], [2, 2], [0, 0]), 0.7],
    ['no sub-goal items: 0.3 × I only', sec([1, 1], [0, 0], [1, 1]), 0.3],
    ['no positive section at all → 0.3', sec([1, 1], [0, 0], [0, 0]), 0.3],
  ])('%s', (_name, sections, reward) => {
    expect(releasedReward(sections)).toBeCloseTo(reward, 12);
  });
});

describe('results carry sections and both rewards', () => {
  it.each<[string, RubricItem[], string[], Sections, number, number]>([
    ['policy 1 of 2 broken: paper 0, released 1.0', [...many('p', 'forbidden', 2), ...many('g', 'subgoal', 2), item('i1', 'interaction')], ['p1', 'g1', 'g2', 'i1'], sec([1, 2], [2, 2], [1, 1]), 0, 1],
    ['sub-goals 2 of 7: released 0', [item('p1', 'forbidden'), ...many('g', 'subgoal', 7), item('i1', 'interaction')], ['g1', 'g2', 'i1'], sec([1, 1], [2, 7], [1, 1]), (2 / 7 + 1) / 2, 0],
    ['no positive section: released 0.3', [item('p1', 'forbidden')], [], sec([1, 1], [0, 0], [0, 0]), 1, 0.3],
    ['no policy items: released 0', [item('g1', 'subgoal')], ['g1'], sec([0, 0], [1, 1], [0, 0]), 1, 0],
    ['nothing happens', [item('p1', 'forbidden'), item('g1', 'subgoal'), item('i1', 'interaction')], [], sec([1, 1], [0, 1], [0, 1]), 0, 0],
  ])('%s', (_name, rubric, done, sections, paper, released) => {
    const result = resultOf(ended(rubric, done), 'agent_finished');
    expect(result.sections).toEqual(sections);
    expect(result.rewards.paper).toBeCloseTo(paper, 12);
    expect(result.rewards.released).toBeCloseTo(released, 12);
    expect(result.rewards.paper).toBe(result.score);
  });

  it('counts unjudged items in neither count', () => {
    const rubric = [item('p1', 'forbidden'), item('g1', 'subgoal'), judgeItem('g2', 'subgoal'), judgeItem('i1', 'interaction')];
    const result = resultOf(ended(rubric, ['g1']), 'agent_finished');
    expect(result.unjudged).toEqual(['g2', 'i1']);
    expect(result.sections).toEqual(sec([1, 1], [1, 1], [0, 0]));
    expect(result.rewards.released).toBeCloseTo(0.7, 12);
  });

  it('uses the whole-rubric judge section counts for released when it gave them', () => {
    const rubric = [item('p1', 'forbidden'), item('g1', 'subgoal'), item('i1', 'interaction')];
    let s = ended(rubric, ['g1']);
    s = applyEvent(s, { seq: s.nextSeq, type: 'note', level: 'info', text: 'judge sections', judgeSections: sec([1, 1], [1, 1], [1, 1]) });
    const result = resultOf(s, 'agent_finished');
    expect(result.sections).toEqual(sec([1, 1], [1, 1], [1, 1]));
    expect(result.rewards).toEqual({ paper: 0.5, released: 1 });
  });

  it('derives sections and rewards for a result recorded before they existed', () => {
    const rubric = [...many('p', 'forbidden', 2), ...many('g', 'subgoal', 2), judgeItem('i1', 'interaction')];
    const old = { score: 0, passed: false, end: 'agent_finished' as const, hits: [{ item: 'p1', kind: 'forbidden' as const, seq: 3 }, { item: 'g1', kind: 'subgoal' as const, seq: 4 }, { item: 'g2', kind: 'subgoal' as const, seq: 5 }], unjudged: ['i1'] };
    expect(completeResult(old, rubric)).toMatchObject({ sections: sec([1, 2], [2, 2], [0, 0]), rewards: { paper: 0, released: 0.7 } });
  });
});

describe('export filters: unjudged is not a pass', () => {
  const rec = (unjudged: string[], rewards = { paper: 1, released: 0.3 }): Recording =>
    ({ complete: true, result: { score: rewards.paper, passed: true, end: 'agent_finished', hits: [], unjudged, sections: sec([1, 1], [0, 0], [0, 0]), rewards } }) as unknown as Recording;
  it.each<[string, Recording, Parameters<typeof skipReason>[1], string | null]>([
    ['unjudged, --min-score: skipped', rec(['j']), { passed: false, minScore: 0.5 }, 'with unjudged items'],
    ['unjudged, --passed: skipped', rec(['j']), { passed: true }, 'with unjudged items'],
    ['unjudged, --include-unjudged: kept', rec(['j']), { passed: true, includeUnjudged: true }, null],
    ['unjudged, no filter: kept', rec(['j']), { passed: false }, null],
    ['--reward released reads released for --min-score', rec([]), { passed: false, minScore: 0.5, reward: 'released' }, 'below --min-score'],
    ['--reward released: --passed needs released 1', rec([]), { passed: true, reward: 'released' }, 'not passed'],
    ['--reward paper reads paper', rec([]), { passed: true, minScore: 0.5 }, null],
  ])('%s', (_name, r, filter, why) => {
    const got = skipReason(r, filter);
    if (why === null) expect(got).toBeNull();
    else expect(got).toContain(why);
  });
});

it('sectionsOf: a forbidden item is met when not violated', () => {
  expect(sectionsOf([item('f', 'forbidden'), item('g', 'forbidden')], (id) => id === 'f', [])).toEqual(sec([1, 2], [0, 0], [0, 0]));
});
