import { describe, expect, it } from 'vitest';
import type { Recording } from '../../src/domain/recording.js';
import { rescoreRecording } from '../../src/session/rescore.js';
import { recordScript as record } from '../helpers/recordings.js';
import { exampleTask } from '../helpers/tasks.js';

describe('rescore', () => {
  const task = exampleTask();

  it('same rubric: same score, no changes', async () => {
    const rec = await record(task, task.reference ?? []);
    const out = await rescoreRecording(rec, task);
    expect(out.result.score).toBe(1);
    expect(out.changes).toEqual([]);
  });

  it('a stricter rubric lowers the score and names the lost hit, without running any role', async () => {
    const rec = await record(task, task.reference ?? []);
    const today = structuredClone(task);
    today.rubric.find((r) => r.id === 'confirms')!.check = { type: 'said', pattern: 'UA 99' };
    const out = await rescoreRecording(rec, today);
    expect(out.changes).toEqual(['-confirms']);
    expect(out.result.score).toBeLessThan(1);
    // Same conversation: the non-rubric events are untouched.
    const talk = (evs: Recording['events']) => evs.filter((e) => e.type !== 'rubric_hit' && e.type !== 'end').map((e) => ({ ...e, seq: 0 }));
    expect(talk(out.events)).toEqual(talk(rec.events));
  });

  it('a new rubric item is scored over the old log', async () => {
    const rec = await record(task, task.reference ?? []);
    const today = structuredClone(task);
    today.rubric.push({ id: 'polite', kind: 'subgoal', description: 'says sorry', check: { type: 'said', pattern: 'sorry' } });
    expect((await rescoreRecording(rec, today)).changes).toEqual(['+polite']);
  });
});
