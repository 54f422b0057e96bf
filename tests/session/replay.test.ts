import { describe, expect, it } from 'vitest';
import type { Recording } from '../../src/domain/recording.js';
import type { Task } from '../../src/domain/task.js';
import { scriptUser } from '../../src/roles/script-user.js';
import { firstDivergence, recordedAgentActions, replayRecording } from '../../src/session/replay.js';
import { recordScript as record } from '../helpers/recordings.js';
import { exampleTask } from '../helpers/tasks.js';

describe('replay', () => {
  const task = exampleTask();

  it('a recording replays against the same task without divergence', async () => {
    const rec = await record(task, task.reference ?? []);
    const out = await replayRecording(rec, task);
    expect(out.divergence).toBeNull();
    expect(out.result).toEqual(rec.result);
  });

  it('recovers the agent actions, the finish text included', async () => {
    const rec = await record(task, task.reference ?? []);
    expect(recordedAgentActions(rec.events)).toEqual(
      (task.reference ?? []).map((s) => ('say' in s ? { type: 'say', text: s.say } : 'call' in s ? { type: 'call', tool: s.call, args: s.args, callId: expect.any(String) } : { type: 'finish', text: s.finish })),
    );
  });

  it.each<[string, (t: Task) => void, string, string]>([
    ['a changed mock world shows at the tool result', (t) => void ((t.world as { flights: { departs: string }[] }).flights[1]!.departs = '12:00'), 'tool_result', 'result[0].departs'],
    ['a changed rubric shows at the missing hit', (t) => void (t.rubric.find((r) => r.id === 'confirms')!.check = { type: 'said', pattern: 'UA 99' }), 'rubric_hit', 'item'],
    ['a changed fact answer shows at the user message', (t) => void (t.user.facts[0]!.answer = 'Reference BK-4411.'), 'user_message', 'text'],
  ])('%s', async (_name, mutate, type, path) => {
    const rec = await record(task, task.reference ?? []);
    const today = structuredClone(task);
    mutate(today);
    const out = await replayRecording(rec, today);
    expect(out.divergence).toMatchObject({ type });
    expect(out.divergence?.diffs.map((d) => d.path)).toContain(path);
  });

  it('a scripted user side is replayed from what it said', async () => {
    const user = scriptUser([{ say: 'It is BK-4411.' }, { stop: true }], { kind: 'human' });
    const rec = await record(task, [{ say: 'Booking?' }, { say: 'Thanks! Anything else?' }], user);
    expect(rec.result?.end).toBe('user_stopped');
    expect((await replayRecording(rec, task)).divergence).toBeNull();
  });

  it('an aborted recording replays up to where it stopped', async () => {
    const rec = await record(task, task.reference ?? []);
    const cut = rec.events.slice(0, 5);
    const aborted: Recording = { ...rec, events: [...cut, { seq: 5, type: 'end', reason: 'aborted' }], result: { ...rec.result!, end: 'aborted' }, complete: false };
    const out = await replayRecording(aborted, task);
    expect(out.result.end).toBe('aborted');
  });

  it('ignores notes and numbering when comparing', () => {
    expect(firstDivergence(
      [{ seq: 0, type: 'note', level: 'info', text: 'x' }, { seq: 1, type: 'end', reason: 'aborted' }],
      [{ seq: 0, type: 'end', reason: 'aborted' }],
    )).toBeNull();
  });

  it('reports a log that is longer or shorter', () => {
    const d = firstDivergence([{ seq: 0, type: 'end', reason: 'aborted' }], []);
    expect(d).toMatchObject({ seq: 0, type: 'end', actual: null });
  });
});
