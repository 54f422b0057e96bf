import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/audit-kinds.js';
import { auditMarks, flagMark } from '../../src/ui/audit-marks.js';
import { agent, sequence, user } from '../helpers/events.js';
import { exampleTask } from '../helpers/tasks.js';

const finding = (kind: string, seq = 1): Finding => ({ seq, side: 'user', kind, detail: 'd' });

describe('flagMark', () => {
  it.each<[Finding[] | undefined, string]>([
    [undefined, ''],
    [[], ''],
    [[finding('invented_value')], '⚠ invented_value'],
    [[finding('invented_value'), finding('invented_value'), finding('unasked_reveal')], '⚠ invented_value, unasked_reveal'],
  ])('%j → %j', (findings, mark) => expect(flagMark(findings)).toBe(mark));
});

describe('auditMarks', () => {
  const task = exampleTask();
  it('a clean log: no marks, no remarks', () => {
    const marks = auditMarks(task, sequence([user(task.instruction), agent('What is your booking reference?'), user("It's BK-4411.")]));
    expect(marks.bySeq.size).toBe(0);
    expect(marks.remarks).toEqual([]);
  });

  it('a finding marks its event and reads as a remark with its kind and side', () => {
    const marks = auditMarks(task, sequence([user(task.instruction), agent('What is your booking reference?'), user("It's BK-4411, loyalty LY-12345.")]));
    expect(flagMark(marks.bySeq.get(2))).toBe('⚠ invented_value');
    expect(marks.remarks).toEqual([{ seq: 2, label: 'invented_value (user)', detail: expect.stringContaining('"LY-12345"') }]);
  });

  it('a person\'s annotation marks its event and shows as a remark, on the side of the event', () => {
    const marks = auditMarks(task, sequence([user(task.instruction), agent('Hi')]), [{ seq: 1, kind: 'human_flag', note: 'rude', by: 'me' }]);
    expect(flagMark(marks.bySeq.get(1))).toBe('⚠ human_flag');
    expect(marks.remarks).toEqual([{ seq: 1, label: 'human_flag (user)', detail: 'me noted: rude' }]);
  });
});
