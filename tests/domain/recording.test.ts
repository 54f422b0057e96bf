import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { forkLabel, Recording, RoleInfo, StoredResult, TaskSource } from '../../src/domain/recording.js';

/** A golden recording as the reader gives it (results stored before rewards existed get them derived). */
const golden = (): Record<string, unknown> => ({ ...readRecording(fileURLToPath(new URL('../../fixtures/golden/travel-rebook/reference.json', import.meta.url))) });

describe('Recording', () => {
  it('a golden recording, as read, parses', () => {
    expect(Recording.safeParse(golden()).success).toBe(true);
  });

  it.each<[string, (r: Record<string, unknown>) => Record<string, unknown>, boolean]>([
    ['another format', (r) => ({ ...r, format: 'synthagent.recording/2' }), false],
    ['an empty id', (r) => ({ ...r, id: '' }), false],
    ['no result yet (an unfinished session)', (r) => ({ ...r, result: null, complete: false }), true],
    ['a fork', (r) => ({ ...r, parent: { id: 'p', at: 3 } }), true],
    ['a fork without its seq', (r) => ({ ...r, parent: { id: 'p' } }), false],
    ['an annotation with a negative seq', (r) => ({ ...r, annotations: [{ seq: -1, kind: 'human_flag', note: '', by: 'me' }] }), false],
    ['an annotation of a kind a newer version added', (r) => ({ ...r, annotations: [{ seq: 1, kind: 'future_kind', note: '', by: 'me' }] }), true],
  ])('%s: %s', (_name, edit, ok) => expect(Recording.safeParse(edit(golden())).success).toBe(ok));
});

describe('parts', () => {
  it.each<[unknown, boolean]>([
    [{ kind: 'mcp', client: 'agent 1.0' }, true],
    [{ kind: 'model', model: 'gpt' }, true],
    [{ kind: 'robot' }, false],
  ])('RoleInfo %j: %s', (info, ok) => expect(RoleInfo.safeParse(info).success).toBe(ok));

  it.each<[unknown, boolean]>([
    [{ bundled: 'travel-rebook' }, true],
    [{ file: '../task.json' }, true],
    [{}, false],
  ])('TaskSource %j: %s', (source, ok) => expect(TaskSource.safeParse(source).success).toBe(ok));

  it('a result stored before sections and rewards existed still reads', () => {
    const old = { score: 1, passed: true, end: 'agent_finished', hits: [], unjudged: [] };
    expect(StoredResult.safeParse(old).success).toBe(true);
    expect(StoredResult.safeParse({ ...old, score: 1.5 }).success).toBe(false);
  });

  it('forkLabel', () => expect(forkLabel({ id: 'travel-rebook-1', at: 12 })).toBe('fork of travel-rebook-1 at seq 12'));
});
