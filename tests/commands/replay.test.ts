import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { driftReport, type TaskSources, todaysTask } from '../../src/commands/replay.js';
import type { Event } from '../../src/domain/events.js';
import type { Divergence } from '../../src/session/replay.js';
import { useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';
import { exampleTask } from '../helpers/tasks.js';

const GOLDEN = fileURLToPath(new URL('../../fixtures/golden/travel-rebook/guess.json', import.meta.url));
const tempDir = useTempDirs('synthagent-replay-cmd-');

describe('todaysTask', () => {
  it('a bundled source: today\'s bundled task, no note; one lookup per source per run', () => {
    const rec = readRecording(GOLDEN);
    const sources: TaskSources = new Map();
    const out = todaysTask({ ...rec, taskSource: { bundled: 'travel-rebook' } }, GOLDEN, sources);
    expect(out).toEqual({ task: exampleTask(), note: null });
    expect([...sources.keys()]).toEqual(['bundled:travel-rebook']);
    // A second recording of the same source reads the map, not the disk.
    sources.set('bundled:travel-rebook', { task: { ...exampleTask(), title: 'from the map' }, file: 'x', source: { bundled: 'travel-rebook' } });
    expect(todaysTask({ ...rec, taskSource: { bundled: 'travel-rebook' } }, GOLDEN, sources).task.title).toBe('from the map');
  });

  it('a file source next to the recording: that file', () => {
    const dir = tempDir();
    const task = { ...exampleTask(), title: 'Edited today' };
    writeFileSync(join(dir, 'task.json'), JSON.stringify(task));
    const rec = { ...readRecording(GOLDEN), taskSource: { file: 'task.json' } };
    expect(todaysTask(rec, join(dir, 'rec.json')).task.title).toBe('Edited today');
  });

  it.each<[string, { file: string } | undefined, string]>([
    ['a source that is gone', { file: 'gone.json' }, 'task source not found; using the task stored in the recording'],
    ['no source', undefined, 'no task source; using the task stored in the recording'],
  ])('%s: the stored task, and a note saying so', (_name, taskSource, note) => {
    const rec = { ...readRecording(GOLDEN), taskSource };
    expect(todaysTask(rec, join(tempDir(), 'rec.json'))).toEqual({ task: rec.task, note });
  });

  it('a source that became invalid: one line naming the recording that needed it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'task.json'), JSON.stringify({ ...exampleTask(), title: '' }));
    const file = join(dir, 'rec.json');
    copyFileSync(GOLDEN, file);
    expect(userErrorMessage(() => todaysTask({ ...readRecording(GOLDEN), taskSource: { file: 'task.json' } }, file))).toMatch(new RegExp(`^${file}: task source: .*title: `));
  });
});

describe('driftReport', () => {
  const ev = (e: Partial<Event> & { type: Event['type'] }, seq = 3): Event => ({ seq, ...e }) as Event;
  const d = (over: Partial<Divergence>): Divergence => ({ seq: 3, type: 'tool_result', expected: null, actual: null, diffs: [], ...over });

  it.each<[string, Divergence, string[]]>([
    [
      'a field that differs',
      d({ expected: ev({ type: 'tool_result', callId: 'c', ok: true, result: { departs: '10:00' }, via: 'query' }), actual: ev({ type: 'tool_result', callId: 'c', ok: true, result: { departs: '12:00' }, via: 'query' }), diffs: [{ path: 'result.departs', expected: '10:00', actual: '12:00' }] }),
      ['r.json: drift at seq 3 (tool_result)', '    result.departs: expected "10:00", got "12:00"'],
    ],
    [
      'events of different kinds',
      d({ type: 'agent_message', expected: ev({ type: 'agent_message', text: 'hi', question: false, asks: [] }), actual: ev({ type: 'rubric_hit', item: 'x', kind: 'subgoal' }) }),
      ['r.json: drift at seq 3 (agent_message)', '    expected agent_message {"text":"hi","question":false,"asks":[]}', '    got      rubric_hit {"item":"x","kind":"subgoal"}'],
    ],
    ['a replay that ended early', d({ type: 'end', expected: ev({ type: 'end', reason: 'agent_finished' }) }), ['r.json: drift at seq 3 (end)', '    recorded end, replay ended before it']],
    ['an extra replayed event', d({ type: 'note', actual: ev({ type: 'note', level: 'info', text: 'x' }) }), ['r.json: drift at seq 3 (note)', '    replay has an extra note event']],
    ['the result only', d({ type: 'result', diffs: [{ path: 'score', expected: 1, actual: 0.5 }] }), ['r.json: drift in the result (the events are the same)', '    score: expected 1, got 0.5']],
  ])('%s', (_name, divergence, lines) => expect(driftReport('r.json', divergence)).toEqual(lines));

  it('long values are cut', () => {
    const line = driftReport('r.json', d({ type: 'result', diffs: [{ path: 'x', expected: 'a'.repeat(500), actual: 1 }] }))[1]!;
    expect(line.length).toBeLessThan(120);
    expect(line).toContain('…');
  });
});
