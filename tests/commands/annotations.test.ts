import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording, writeRecording } from '../../src/adapters/recording-file.js';
import { main } from '../../src/cli.js';
import { carryAnnotations } from '../../src/domain/annotations.js';
import type { Event } from '../../src/domain/events.js';
import { type Annotation, RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import type { CliIo } from '../../src/io.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { useTempDirs } from '../helpers/cli.js';
import { exampleTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-annotations-');

function io(): { io: CliIo; out: () => string } {
  let out = '';
  return { io: { stdout: { write: (t: string) => void (out += t) }, stderr: { write: () => {} }, env: { NO_COLOR: '1' }, cwd: process.cwd() }, out: () => out };
}

/** The example task's reference play, recorded under a rubric without `asks-booking`: today's rubric earns one more hit early on. */
async function annotated(dir: string): Promise<{ file: string; rec: Recording; seqOf: (text: string) => number }> {
  const today = exampleTask();
  const task = { ...today, rubric: today.rubric.filter((r) => r.id !== 'asks-booking') };
  const { log, result } = await runSession({ task, agent: scriptAgent(task.reference ?? [], { kind: 'reference' }), user: simUser() });
  const events = [...log.events];
  const seqOf = (text: string): number => events.find((e) => 'text' in e && e.text.startsWith(text))!.seq;
  const rec: Recording = {
    format: RECORDING_FORMAT, id: 'a1', createdAt: '2026-12-05T00:00:00.000Z', task, taskSource: { bundled: 'travel-rebook' },
    roles: { agent: { kind: 'reference' }, user: { kind: 'sim' } }, events, result, complete: true,
    annotations: [{ seq: seqOf('UA14 leaves'), kind: 'human_flag', note: 'says the time twice', by: 'ana' }],
  };
  const file = join(dir, 'a1.json');
  writeRecording(file, rec);
  return { file, rec, seqOf };
}

describe('annotations (SPEC §4)', () => {
  it('rescore --write keeps them on the same event though the hits moved the seqs', async () => {
    const { file, seqOf } = await annotated(tempDir());
    const before = seqOf('UA14 leaves');
    expect(await main(['rescore', file, '--write'], io().io)).toBe(0);
    const after = readRecording(file);
    const event = after.events.find((e) => e.seq === after.annotations![0]!.seq);
    expect(after.annotations![0]!.seq).toBe(before + 1);
    expect(event).toMatchObject({ type: 'agent_message', text: expect.stringMatching(/^UA14 leaves/) });
    expect(after.annotations![0]).toMatchObject({ kind: 'human_flag', note: 'says the time twice', by: 'ana' });
  });

  it('replay --update keeps them, show prints them, audit counts them', async () => {
    const { file } = await annotated(tempDir());
    expect(await main(['replay', file, '--update'], io().io)).toBe(0);
    const rec = readRecording(file);
    expect(rec.annotations).toHaveLength(1);
    expect(rec.events.find((e) => e.seq === rec.annotations![0]!.seq)).toMatchObject({ type: 'agent_message', text: expect.stringMatching(/^UA14 leaves/) });
    const shown = io();
    expect(await main(['show', file], shown.io)).toBe(0);
    expect(shown.out()).toContain(`annotations:\n  #${rec.annotations![0]!.seq} ⚠ human_flag by ana: says the time twice`);
    const md = io();
    expect(await main(['show', file, '--format', 'md'], md.io)).toBe(0);
    expect(md.out()).toContain(`## Annotations\n\n- #${rec.annotations![0]!.seq} ⚠ **human_flag** by ana: says the time twice`);
    const audit = io();
    expect(await main(['audit', file, '--json', '--fail-on', 'human_flag'], audit.io)).toBe(1);
    const report = JSON.parse(audit.out());
    expect(report.counts.human_flag).toBe(1);
    expect(report.recordings[0].findings).toEqual([{ seq: rec.annotations![0]!.seq, side: 'user', kind: 'human_flag', detail: 'ana noted: says the time twice' }]);
  });

  it('carryAnnotations maps a hit to the same item, and keeps one whose event is gone', () => {
    const before: Event[] = [
      { seq: 0, type: 'user_message', text: 'hi', reveals: [] },
      { seq: 1, type: 'rubric_hit', item: 'x', kind: 'subgoal' },
    ];
    const after: Event[] = [
      { seq: 0, type: 'user_message', text: 'hi', reveals: [] },
      { seq: 1, type: 'rubric_hit', item: 'y', kind: 'subgoal' },
      { seq: 2, type: 'rubric_hit', item: 'x', kind: 'subgoal' },
    ];
    const notes: Annotation[] = [{ seq: 1, kind: 'human_flag', note: '', by: 'a' }, { seq: 9, kind: 'human_flag', note: '', by: 'a' }];
    expect(carryAnnotations(notes, before, after)?.map((a) => a.seq)).toEqual([2, 9]);
    expect(carryAnnotations(undefined, before, after)).toBeUndefined();
  });
});
