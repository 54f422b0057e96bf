import { describe, expect, it } from 'vitest';
import { rubricNodes } from '../../src/domain/rubric-nodes.js';
import { itemStatus, resultOf, scoreOf, settleWorldChecks } from '../../src/domain/score.js';
import type { EndReason } from '../../src/domain/events.js';
import { applyEvent, initialState, type SessionState } from '../../src/domain/session-state.js';
import type { RubricItem } from '../../src/domain/task.js';
import { tinyTask } from '../helpers/tasks.js';

const item = (id: string, kind: RubricItem['kind'], weight?: number, check: RubricItem['check'] = { type: 'said', pattern: id }): RubricItem =>
  weight === undefined ? { id, kind, description: id, check } : { id, kind, description: id, weight, check };

/** A state where exactly the items named in `done` are satisfied, and the session ended. */
function stateWith(rubric: RubricItem[], done: string[]): SessionState {
  const task = tinyTask({ rubric });
  let s = initialState(task);
  done.forEach((id, i) => {
    const kind = rubric.find((r) => r.id === id)?.kind ?? 'subgoal';
    s = applyEvent(s, { seq: i, type: 'rubric_hit', item: id, kind });
  });
  return applyEvent(s, { seq: done.length, type: 'end', reason: 'agent_finished' });
}

describe('score = [no forbidden] × mean(S, I)', () => {
  it.each<[string, RubricItem[], string[], number, boolean]>([
    ['no rubric at all', [], [], 1, true],
    ['all positives met', [item('a', 'subgoal'), item('b', 'interaction')], ['a', 'b'], 1, true],
    ['nothing met', [item('a', 'subgoal'), item('b', 'interaction')], [], 0, false],
    ['only subgoals met', [item('a', 'subgoal'), item('b', 'interaction')], ['a'], 0.5, false],
    ['weighted subgoals: 2 of 3', [item('a', 'subgoal', 2), item('b', 'subgoal')], ['a'], 2 / 3, false],
    ['a kind with no items drops out', [item('a', 'subgoal'), item('b', 'subgoal')], ['a'], 0.5, false],
    ['a forbidden item zeroes the score', [item('a', 'subgoal'), item('f', 'forbidden')], ['a', 'f'], 0, false],
    ['forbidden items alone, none hit', [item('f', 'forbidden')], [], 1, true],
    ['mean of S=1/2 and I=1', [item('a', 'subgoal'), item('b', 'subgoal'), item('i', 'interaction')], ['a', 'i'], 0.75, false],
  ])('%s', (_name, rubric, done, score, passed) => {
    const s = scoreOf(stateWith(rubric, done));
    expect(s.score).toBeCloseTo(score, 12);
    expect(s.passed).toBe(passed);
  });

  it('leaves unjudged judge items out of the score', () => {
    const rubric = [item('a', 'subgoal'), item('j', 'subgoal', 1, { type: 'judge', criterion: 'kind' })];
    const s = scoreOf(stateWith(rubric, ['a']));
    expect(s).toMatchObject({ score: 1, passed: true, unjudged: ['j'] });
  });

  it('does not pass when every positive item was left unjudged: nothing was checked', () => {
    const judge = (id: string, kind: RubricItem['kind']): RubricItem => item(id, kind, 1, { type: 'judge', criterion: id });
    const s = scoreOf(stateWith([judge('j', 'subgoal'), judge('k', 'interaction'), item('f', 'forbidden')], []));
    expect(s).toMatchObject({ score: 1, passed: false, unjudged: ['j', 'k'] });
  });

  it.each<[EndReason, boolean]>([
    ['agent_finished', true],
    ['user_stopped', true],
    ['error', false],
    ['aborted', false],
  ])('a perfect score that ended %s: passed %s', (end, passed) => {
    expect(resultOf(stateWith([item('a', 'subgoal')], ['a']), end)).toMatchObject({ score: 1, passed, end });
  });

  it('a judge inside any/all that another branch satisfied is judged', () => {
    const rubric = [item('a', 'subgoal', 1, { type: 'any', of: [{ type: 'judge', criterion: 'x' }, { type: 'said', pattern: 'a' }] })];
    expect(scoreOf(stateWith(rubric, ['a'])).unjudged).toEqual([]);
  });
});

describe('item status', () => {
  const rubric = [item('a', 'subgoal'), item('b', 'subgoal'), item('f', 'forbidden'), item('g', 'forbidden')];

  it('live: pending until satisfied or violated', () => {
    let s = initialState(tinyTask({ rubric }));
    s = applyEvent(s, { seq: 0, type: 'rubric_hit', item: 'a', kind: 'subgoal' });
    s = applyEvent(s, { seq: 1, type: 'rubric_hit', item: 'f', kind: 'forbidden' });
    expect(rubricNodes(s.task).map((r) => itemStatus(r, s))).toEqual(['satisfied', 'pending', 'violated', 'pending']);
  });

  it('ended: missed and clear', () => {
    const s = stateWith(rubric, ['a', 'f']);
    expect(rubricNodes(s.task).map((r) => itemStatus(r, s))).toEqual(['satisfied', 'missed', 'violated', 'clear']);
  });
});

describe('world checks settle at the end', () => {
  it('latches world nodes and composites over them', () => {
    const rubric = [
      item('w', 'subgoal', 1, { type: 'world', query: 'x' }),
      item('all', 'subgoal', 1, { type: 'all', of: [{ type: 'world', query: 'x' }, { type: 'world', query: 'y' }] }),
    ];
    const s0 = initialState(tinyTask({ rubric }));
    const s1 = settleWorldChecks(s0, new Map([['0', true], ['1.0', true], ['1.1', false]]));
    expect(s1.satisfied.has('0')).toBe(true);
    expect(s1.satisfied.has('1')).toBe(false);
    const s2 = settleWorldChecks(s0, new Map([['1.0', true], ['1.1', true]]));
    expect(s2.satisfied.has('1')).toBe(true);
  });
});
