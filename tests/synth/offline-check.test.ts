import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.js';
import { offlineTaskProblem } from '../../src/synth/offline-check.js';
import { exampleTask } from '../helpers/tasks.js';

describe('offlineTaskProblem', () => {
  it('a valid task whose reference passes: no problem', async () => {
    expect(await offlineTaskProblem(exampleTask())).toBeNull();
  });

  it.each<[string, (t: Task) => Task, RegExp]>([
    ['an invalid task: its problems, with their paths', (t) => ({ ...t, rubric: [...t.rubric, { ...t.rubric[0]!, check: { type: 'fact_elicited', fact: 'nope' } }] }), /^rubric\[\d+\]/],
    ['a reference tool call that fails', (t) => ({ ...t, reference: [{ call: 'get_booking', args: { booking_id: 'BK-0000' } }, ...t.reference!] }), /^a reference tool call failed: /],
    ['a reference that scores below 1: the score, the end and the wrong items', (t) => ({ ...t, reference: t.reference!.filter((s) => !('say' in s && /seat/i.test(s.say))) }), /^the reference scores 0(\.\d+)? \(end: \w+; wrong items: [\w-]+/],
  ])('%s', async (_name, edit, problem) => {
    expect(await offlineTaskProblem(edit(exampleTask()))).toMatch(problem);
  });
});
