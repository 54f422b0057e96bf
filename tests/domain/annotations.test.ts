import { describe, expect, it } from 'vitest';
import { carryAnnotations } from '../../src/domain/annotations.js';
import type { NewEvent } from '../../src/domain/events.js';
import type { Annotation } from '../../src/domain/recording.js';
import { agent, call, ok, sequence, user } from '../helpers/events.js';

const hit = (item: string, at: number): NewEvent => ({ type: 'rubric_hit', item, kind: 'subgoal', at });
const note = (seq: number, kind = 'human_flag'): Annotation => ({ seq, kind, note: `on ${seq}`, by: 'me' });

describe('carryAnnotations', () => {
  // before: 0 user, 1 agent, 2 hit a@1, 3 call, 4 result          after: the hit moved after the call
  const before = sequence([user('hi'), agent('x'), hit('a', 1), call('c', 't', {}), ok('c')]);
  const after = sequence([user('hi'), agent('x'), call('c', 't', {}), ok('c'), hit('a', 3)]);

  it('none stays none', () => expect(carryAnnotations(undefined, before, after)).toBeUndefined());

  it.each<[number, number]>([
    [0, 0], // same place
    [1, 1],
    [3, 2], // the k-th non-hit event maps to the k-th one
    [4, 3],
    [2, 4], // a hit maps to the new hit of the same item
    [99, 99], // no such event: the seq is kept
  ])('an annotation on %d moves to %d', (from, to) => {
    expect(carryAnnotations([note(from)], before, after)).toEqual([{ ...note(from), seq: to }]);
  });

  it('keeps the seq when the counterpart is of another type, or the hit is gone', () => {
    const changed = sequence([user('hi'), call('c', 't', {}), ok('c')]);
    expect(carryAnnotations([note(1), note(2)], before, changed)).toEqual([note(1), note(2)]);
  });
});
