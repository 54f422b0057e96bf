import { randomBytes } from 'node:crypto';

/** A recording id: task id, UTC time and a short random suffix, e.g. `travel-rebook-20261127-120501-a3f9c2d1`. */
export function newRecordingId(taskId: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${taskId}-${stamp}-${randomBytes(4).toString('hex')}`;
}
