import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../src/adapters/recording-adapter.js';
import { readRecording } from '../../src/adapters/recording-file.js';
import { RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import { agent, sequence, user } from '../helpers/events.js';
import { useTempDirs } from '../helpers/cli.js';
import { exampleTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-rec-adapter-');
const events = sequence([user('hi'), agent('hello'), user('bye')]);
const data = (n: number, over: Partial<Recording> = {}): Recording => ({
  format: RECORDING_FORMAT,
  id: 'r1',
  createdAt: '2026-12-05T00:00:00.000Z',
  task: exampleTask(),
  roles: { agent: { kind: 'script' }, user: { kind: 'sim' } },
  events: events.slice(0, n),
  result: null,
  complete: false,
  ...over,
});
const result = { score: 1, passed: true, end: 'agent_finished' as const, hits: [], unjudged: [], sections: { policy: { met: 0, total: 0 }, subgoal: { met: 0, total: 0 }, interaction: { met: 0, total: 0 } }, rewards: { paper: 1, released: 1 } };

describe('RecordingAdapter', () => {
  it('reads null while it writes; a new adapter reads the file', () => {
    const file = join(tempDir(), 'r.json');
    const a = new RecordingAdapter(file);
    a.write(data(1));
    expect(a.read()).toBeNull();
    expect(new RecordingAdapter(file).read()).toMatchObject({ id: 'r1', events: [events[0]], complete: false });
  });

  it('appends only the new events: the file never shrinks, and what is on disk always loads', () => {
    const file = join(tempDir(), 'r.json');
    const a = new RecordingAdapter(file);
    let size = 0;
    for (let n = 0; n <= events.length; n++) {
      a.write(data(n));
      const now = statSync(file).size;
      expect(now).toBeGreaterThanOrEqual(size);
      size = now;
      expect(readRecording(file).events).toEqual(events.slice(0, n));
    }
    // Writing the same data again adds nothing.
    const before = readFileSync(file, 'utf8');
    a.write(data(events.length));
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('a result ends the recording: complete or not; a write after that is refused', () => {
    const file = join(tempDir(), 'r.json');
    const a = new RecordingAdapter(file);
    a.write(data(2));
    a.write(data(3, { result, complete: true }));
    expect(readRecording(file)).toMatchObject({ complete: true, result: { score: 1 }, events });
    expect(() => a.write(data(3, { result, complete: true }))).toThrow(/recording already closed/);

    const aborted = join(tempDir(), 'a.json');
    const b = new RecordingAdapter(aborted);
    b.write(data(1, { result: { ...result, end: 'aborted' }, complete: false }));
    expect(readRecording(aborted)).toMatchObject({ complete: false, result: { end: 'aborted' } });
  });
});
