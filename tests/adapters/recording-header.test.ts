import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forkPoint } from '../../src/adapters/fork.js';
import { writeRecording } from '../../src/adapters/recording-file.js';
import { recordingHeader } from '../../src/adapters/recording-header.js';
import { resolveTask } from '../../src/adapters/task-files.js';
import { RECORDING_FORMAT } from '../../src/domain/recording.js';
import { agent, sequence, user } from '../helpers/events.js';
import { useTempDirs } from '../helpers/cli.js';
import { exampleTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-header-');
const roles = { agent: { kind: 'reference' as const }, user: { kind: 'sim' as const } };

describe('recordingHeader', () => {
  it('a bundled task is named by its id; the time is now', () => {
    const before = Date.now();
    const h = recordingHeader({ id: 'r1', loaded: resolveTask('travel-rebook'), file: join(tempDir(), 'r1.json'), roles });
    expect(h).toMatchObject({ id: 'r1', taskSource: { bundled: 'travel-rebook' }, roles, task: exampleTask() });
    expect(Date.parse(h.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(h).not.toHaveProperty('parent');
  });

  it('a task file is named relative to the recording', () => {
    const dir = tempDir();
    const file = join(dir, 'task.json');
    writeFileSync(file, JSON.stringify(exampleTask()));
    const h = recordingHeader({ id: 'r1', loaded: { task: exampleTask(), file, source: { file } }, file: join(dir, 'recs', 'r1.json'), roles });
    expect(h.taskSource).toEqual({ file: '../task.json' });
  });

  it('a fork links its parent and rebases the parent\'s task source onto its own folder', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'task.json'), JSON.stringify(exampleTask()));
    const parentFile = join(dir, 'a', 'parent.json');
    writeRecording(parentFile, {
      format: RECORDING_FORMAT,
      id: 'parent-1',
      createdAt: '2026-01-01T00:00:00.000Z',
      task: exampleTask(),
      taskSource: { file: '../task.json' },
      roles,
      events: sequence([user('hi'), agent('which booking?'), user('BK-4411', ['booking_id'])]),
      result: null,
      complete: false,
    });
    const fork = forkPoint(parentFile, '1');
    const h = recordingHeader({ id: 'child', loaded: { task: exampleTask(), file: parentFile, source: { file: '../task.json' } }, file: join(dir, 'b', 'c', 'child.json'), roles, fork });
    expect(h.parent).toEqual({ id: 'parent-1', file: '../../a/parent.json', at: 1 });
    expect(h.taskSource).toEqual({ file: '../../task.json' });
  });
});
