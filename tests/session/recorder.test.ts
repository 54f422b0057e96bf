import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingHeader } from '../../src/adapters/recording-header.js';
import { readRecording } from '../../src/adapters/recording-file.js';
import { RecordingStore } from '../../src/adapters/recording-store.js';
import type { SessionResult } from '../../src/domain/recording.js';
import { Recorder } from '../../src/session/recorder.js';
import { SessionLog } from '../../src/session/session-log.js';
import { agent, user } from '../helpers/events.js';
import { useTempDirs } from '../helpers/cli.js';
import { exampleTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-recorder-');
const task = exampleTask();
const roles = { agent: { kind: 'script' as const }, user: { kind: 'sim' as const } };

function recorder(file: string, store: RecordingStore | null = null): { rec: Recorder; log: SessionLog } {
  const taskFile = join(tempDir(), 'task.json');
  writeFileSync(taskFile, JSON.stringify(task));
  const header = recordingHeader({ id: 'rec-1', loaded: { task, file: taskFile, source: { file: taskFile } }, file, roles });
  return { rec: new Recorder(file, header, store), log: new SessionLog(task) };
}

const result = (end: SessionResult['end']): SessionResult => ({
  score: 0.5,
  passed: false,
  end,
  hits: [],
  unjudged: [],
  sections: { policy: { met: 0, total: 0 }, subgoal: { met: 0, total: 1 }, interaction: { met: 1, total: 1 } },
  rewards: { paper: 0.5, released: 0.5 },
});

describe('Recorder', () => {
  it('writes the recording on attach, each event as it is appended, and the result on close', () => {
    const file = join(tempDir(), 'r.json');
    const { rec, log } = recorder(file);
    rec.attach(log);
    expect(readRecording(file)).toMatchObject({ id: 'rec-1', events: [], result: null, complete: false, roles });
    log.append(user('hi'));
    expect(readRecording(file).events).toHaveLength(1);
    log.append(agent('hello'));
    expect(readRecording(file).events.map((e) => e.type)).toEqual(['user_message', 'agent_message']);
    expect(rec.close(result('agent_finished'), true)).toBeNull();
    expect(readRecording(file)).toMatchObject({ complete: true, result: { score: 0.5, end: 'agent_finished' } });
    expect(rec.recording?.complete).toBe(true);
    expect(rec.error).toBeNull();
  });

  it('an aborted session keeps its result, marked incomplete', () => {
    const file = join(tempDir(), 'r.json');
    const { rec, log } = recorder(file);
    rec.attach(log);
    log.append(user('hi'));
    rec.close(result('aborted'), false);
    expect(readRecording(file)).toMatchObject({ complete: false, result: { end: 'aborted' } });
  });

  it('the store\'s index learns of the recording at its start and at its end', () => {
    const dir = tempDir();
    const store = new RecordingStore(dir);
    const file = store.fileFor('rec-1');
    const { rec, log } = recorder(file, store);
    rec.attach(log);
    const log1 = readFileSync(join(dir, 'index.log'), 'utf8').trim().split('\n');
    expect(log1.map((l) => JSON.parse(l))).toMatchObject([{ id: 'rec-1', complete: false, score: null }]);
    log.append(user('hi'));
    rec.close(result('agent_finished'), true);
    const log2 = readFileSync(join(dir, 'index.log'), 'utf8').trim().split('\n');
    expect(log2).toHaveLength(2); // not one line per event
    expect(JSON.parse(log2[1]!)).toMatchObject({ id: 'rec-1', complete: true, score: 0.5, events: 1 });
  });

  it('a recording that cannot be created: the error at attach, the session goes on, close says the same error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), '');
    const file = join(dir, 'blocker', 'r.json');
    const { rec, log } = recorder(file);
    expect(() => rec.attach(log)).not.toThrow();
    expect(rec.error).toMatch(new RegExp(`^${file}: recording not saved: `));
    expect(() => log.append(user('hi'))).not.toThrow();
    expect(rec.close(result('agent_finished'), true)).toBe(rec.error);
    expect(rec.recording).toBeNull();
  });

  it('close without attach writes nothing and reports nothing', () => {
    const file = join(tempDir(), 'never.json');
    const { rec } = recorder(file);
    expect(rec.close(result('agent_finished'), true)).toBeNull();
    expect(() => readFileSync(file)).toThrow();
  });
});
