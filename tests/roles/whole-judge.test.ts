import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyedCache } from '../../src/adapters/keyed-cache.js';
import type { EventOf } from '../../src/domain/events.js';
import { RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import type { Sections } from '../../src/domain/rewards.js';
import type { RubricKind, Task } from '../../src/domain/task.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { modelWholeJudge, WHOLE_JUDGE_SYSTEM } from '../../src/roles/whole-judge.js';
import { replayRecording } from '../../src/session/replay.js';
import { runSession } from '../../src/session/run-session.js';
import { paperTask, useFakeModel } from '../helpers/paper.js';

const fake = useFakeModel();
const client = fake.client;

const NAMES: Record<RubricKind, string> = { forbidden: 'Policy Compliance Criteria', subgoal: 'Task Sub-goals', interaction: 'Required User Interaction' };
const KINDS: RubricKind[] = ['forbidden', 'subgoal', 'interaction'];

/** An answer in the paper's format: `done[kind][i]` is the i-th criterion's status; `block` the section counts. */
function answer(task: Task, done: (kind: RubricKind, i: number) => boolean, block?: Sections | null): string {
  const sections = KINDS.map((kind, n) => {
    const items = task.rubric.filter((r) => r.kind === kind);
    return `## Section ${n + 1} ${NAMES[kind]}\n${items.map((r, i) => `### ${r.description}\n**Status: ${done(kind, i) ? 'Completed' : 'Not Completed'}**\nBecause.`).join('\n\n')}`;
  });
  const counts = block === undefined ? Object.fromEntries(KINDS.map((k) => [k, task.rubric.filter((r) => r.kind === k).map((_, i) => done(k, i))])) : null;
  const status = (kind: RubricKind, n: number): string => {
    const c = block ? block[kind === 'forbidden' ? 'policy' : kind] : { met: counts![kind]!.filter(Boolean).length, total: counts![kind]!.length };
    return `### Section ${n + 1}\n**Name:** ${NAMES[kind]}  \n**Completed Items:** ${c.met}/${c.total}`;
  };
  const statusBlock = block === null ? '' : `\n\n<section_status>\n\n${KINDS.map(status).join('\n\n')}\n\n</section_status>`;
  return `<evaluation>\n\n${sections.join('\n\n')}\n\n</evaluation>${statusBlock}`;
}

async function judged(task: Task, cacheDir = mkdtempSync(join(tmpdir(), 'synthagent-whole-'))) {
  const agent = scriptAgent([{ say: 'Which player do you mean?' }, { finish: 'Here is your script.' }], { kind: 'script' });
  const wholeJudge = modelWholeJudge(client(), 'fake', new KeyedCache<string>(join(cacheDir, 'whole.json'), 'test'));
  return runSession({ task, agent, user: simUser(), wholeJudge });
}

type NoteEvent = EventOf<'note'>;
const notes = (events: readonly { type: string }[]): NoteEvent[] => events.filter((e): e is NoteEvent => e.type === 'note');

describe('the whole-rubric judge (one call per session)', () => {
  it('asks once, as the paper does: task, the rubric as written, the transcript, a strict evaluator at low temperature', async () => {
    const task = paperTask();
    fake.server().script([{ text: answer(task, () => true) }]);
    await judged(task);
    expect(fake.server().requests).toHaveLength(1);
    const body = fake.server().requests[0]!.body;
    expect(body.temperature).toBe(0.1);
    expect(body.messages[0]).toEqual({ role: 'system', content: WHOLE_JUDGE_SYSTEM });
    const prompt = body.messages[1].content as string;
    expect(prompt).toContain(`# Task Description\n\n${task.origin!.prompt[1]!.content}`);
    expect(prompt).toContain(task.origin!.rubrics);
    expect(prompt).toContain('AGENT: Which player do you mean?');
    expect(prompt).toContain('<section_status>');
  });

  it('maps each status to its item: policy "Not Completed" is a violation, the section counts feed released', async () => {
    const task = paperTask();
    // Policy 1b broken; sub-goals 1, 2, 3 done of 7; every interaction done.
    const done = (kind: RubricKind, i: number): boolean => (kind === 'forbidden' ? i === 0 : kind === 'subgoal' ? i < 3 : true);
    fake.server().script([{ text: answer(task, done) }]);
    const { log, result } = await judged(task);
    const byKind = (kind: RubricKind) => task.rubric.filter((r) => r.kind === kind).map((r) => r.id);
    const hit = new Set(result.hits.map((h) => h.item));
    expect(byKind('forbidden').map((id) => hit.has(id))).toEqual([false, true]);
    expect(byKind('subgoal').map((id) => hit.has(id))).toEqual([true, true, true, false, false, false, false]);
    expect(byKind('interaction').every((id) => hit.has(id))).toBe(true);
    expect(result.unjudged).toEqual([]);
    const interactions = byKind('interaction').length;
    expect(result.sections).toEqual({ policy: { met: 1, total: 2 }, subgoal: { met: 3, total: 7 }, interaction: { met: interactions, total: interactions } });
    expect(result.rewards.paper).toBe(0);
    expect(result.rewards.released).toBeCloseTo(0.7 * (3 / 7) + 0.3, 12);
    // One verdict note per item, in the per-item judge's shape, then the section block; no disagreement.
    expect(notes(log.events).filter((n) => n.judge)).toHaveLength(task.rubric.length);
    expect(notes(log.events).filter((n) => n.judgeSections)).toHaveLength(1);
    expect(notes(log.events).some((n) => n.level === 'warn')).toBe(false);
  });

  it('uses the section status block for released when it disagrees with the criteria, and warns', async () => {
    const task = paperTask();
    const block: Sections = { policy: { met: 2, total: 2 }, subgoal: { met: 7, total: 7 }, interaction: { met: 0, total: 3 } };
    fake.server().script([{ text: answer(task, () => true, block) }]);
    const { log, result } = await judged(task);
    expect(result.sections).toEqual(block);
    expect(result.rewards.released).toBeCloseTo(0.7, 12);
    expect(result.rewards.paper).toBe(1);
    expect(notes(log.events).filter((n) => n.level === 'warn').map((n) => n.text)).toEqual([expect.stringContaining('disagree with the item verdicts')]);
  });

  it('an unreadable answer is asked once more; a second unreadable one leaves the items unjudged with a note', async () => {
    const task = paperTask();
    fake.server().script([{ text: 'All good!' }, { text: '## Section 1\n### x\nStatus: Completed / Not Completed' }]);
    const { log, result } = await judged(task);
    expect(fake.server().requests).toHaveLength(2);
    expect(fake.server().requests[1]!.body.messages[1].content).toContain('Your last answer could not be read');
    expect(result.unjudged).toHaveLength(task.rubric.length);
    expect(notes(log.events).filter((n) => n.judge)).toEqual([]);
    expect(notes(log.events).at(-1)!.text).toBe(`judge (whole): no readable answer after asking twice: no criterion with a "Status: Completed" or "Status: Not Completed" line under a "## Section" heading (${task.rubric.length} judge checks left unjudged)`);
  });

  it('an answer missing some criteria is asked again, and the second one is used', async () => {
    const task = paperTask();
    const full = answer(task, () => true);
    fake.server().script([{ text: full.replace(/## Section 2[\s\S]*?(?=## Section 3)/, '') }, { text: full }]);
    const { result } = await judged(task);
    expect(fake.server().requests).toHaveLength(2);
    expect(fake.server().requests[1]!.body.messages[1].content).toMatch(/no status for goal-/);
    expect(result.unjudged).toEqual([]);
  });

  it('is cached by the request, and a recording replays with no network', async () => {
    const task = paperTask();
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-whole-'));
    fake.server().script([{ text: answer(task, (k, i) => k !== 'subgoal' || i === 0) }]);
    const first = await judged(task, dir);
    const again = await judged(task, dir);
    expect(fake.server().requests).toHaveLength(1);
    expect(again.result).toEqual(first.result);
    const rec: Recording = { format: RECORDING_FORMAT, id: 'w', createdAt: 'x', task, roles: { agent: { kind: 'script' }, user: { kind: 'sim' } }, events: [...first.log.events], result: first.result, complete: true };
    await fake.server().close();
    const replay = await replayRecording(rec, task);
    expect(replay.divergence).toBeNull();
    expect(replay.result).toEqual(first.result);
  });
});
