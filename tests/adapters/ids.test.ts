import { describe, expect, it } from 'vitest';
import { newRecordingId } from '../../src/adapters/ids.js';
import { TaskId } from '../../src/domain/task.js';

describe('newRecordingId', () => {
  it('is the task id, the UTC time to the second and 8 hex characters', () => {
    expect(newRecordingId('travel-rebook', new Date('2026-11-27T12:05:01.999Z'))).toMatch(/^travel-rebook-20261127-120501-[0-9a-f]{8}$/);
  });

  it('two ids of one task in one second differ', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const ids = new Set(Array.from({ length: 50 }, () => newRecordingId('t', now)));
    expect(ids.size).toBe(50);
  });

  it('sorts by time for one task', () => {
    const a = newRecordingId('t', new Date('2026-01-01T09:59:59Z'));
    const b = newRecordingId('t', new Date('2026-01-01T10:00:00Z'));
    expect(a.slice(0, -9) < b.slice(0, -9)).toBe(true);
  });

  it('is a valid id itself (lower case, no separators a file name cannot hold)', () => {
    expect(TaskId.safeParse(newRecordingId('a.b_c-d', new Date())).success).toBe(true);
  });
});
