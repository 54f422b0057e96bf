import { describe, expect, it } from 'vitest';
import type { AgentScript, Task } from '../../src/domain/task.js';
import { valueAppears } from '../../src/domain/text-match.js';
import { validateTask } from '../../src/domain/validate-task.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { offlineTaskProblem } from '../../src/synth/offline-check.js';
import { buildTask, OFFLINE_DOMAINS, seedSlug, synthesizeOffline, synthId, TEMPLATES } from '../../src/synth/offline.js';

const file = (t: Task): string => `${JSON.stringify(t, null, 2)}\n`;

describe('synthesizeOffline', () => {
  it('is reproducible: the same seed gives byte-identical files', () => {
    const a = synthesizeOffline('abc', 20);
    const b = synthesizeOffline('abc', 20);
    expect(a).toEqual(b);
    expect(a.map(file)).toEqual(b.map(file));
  });

  it('gives other tasks for another seed', () => {
    const a = synthesizeOffline('abc', 14).map(file);
    const b = synthesizeOffline('abd', 14).map(file);
    a.forEach((text, i) => expect(text).not.toBe(b[i]));
  });

  it('extends a smaller n: task i depends only on the seed, its domain and i', () => {
    expect(synthesizeOffline('s', 10).slice(0, 4)).toEqual(synthesizeOffline('s', 4));
    const travel = synthesizeOffline('s', 3, 'travel');
    expect(travel.map((t) => t.id)).toEqual(['synth-travel-s-0', 'synth-travel-s-1', 'synth-travel-s-2']);
    expect(travel[1]).toEqual(buildTask(TEMPLATES.find((t) => t.domain === 'travel')!, 's', 1));
  });

  it('covers every domain with distinct, valid ids', () => {
    const tasks = synthesizeOffline('Mixed Seed!', 3 * TEMPLATES.length);
    expect(new Set(tasks.map((t) => t.domain))).toEqual(new Set(OFFLINE_DOMAINS));
    expect(OFFLINE_DOMAINS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    for (const t of tasks) expect(t.id).toMatch(/^[a-z0-9][a-z0-9._-]{0,63}$/);
  });

  it.each([
    ['abc', 'abc'],
    ['0', '0'],
    ['Mixed Seed!', /^mixed-seed-[a-z0-9]+$/],
    ['!!!', /^[a-z0-9]+$/],
    ['x'.repeat(200), /^x{20}-[a-z0-9]+$/],
  ])('slugs the seed %j into ids', (seed, expected) => {
    const slug = seedSlug(seed);
    if (typeof expected === 'string') expect(slug).toBe(expected);
    else expect(slug).toMatch(expected);
    expect(synthId('food-delivery', seed, 99999)).toMatch(/^[a-z0-9][a-z0-9._-]{0,63}$/);
  });

  it('keeps distinct seeds apart even when they slug alike', () => {
    expect(seedSlug('A b')).not.toBe(seedSlug('a-b'));
    expect(seedSlug('A b')).not.toBe(seedSlug('a B'));
  });

  it('throws on an unknown domain', () => {
    expect(() => synthesizeOffline('s', 1, 'space')).toThrow(/unknown offline domain/);
  });
});

describe('offline tasks', () => {
  // 300 tasks: seeds 0..59, five each, so every template gets many instances.
  const tasks = Array.from({ length: 60 }, (_, seed) => synthesizeOffline(String(seed), 5)).flat();

  it('are valid and their reference passes with score 1 against the rule simulator', async () => {
    const failures: string[] = [];
    for (const task of tasks) {
      const problem = await offlineTaskProblem(task);
      if (problem) failures.push(`${task.id}: ${problem}`);
    }
    expect(failures).toEqual([]);
    const { result } = await runSession({ task: tasks[0]!, agent: scriptAgent(tasks[0]!.reference ?? [], { kind: 'reference' }), user: simUser() });
    expect(result).toMatchObject({ score: 1, passed: true, end: 'agent_finished' });
  });

  it('vary: domains, fact counts, world sizes, instructions, distractors', () => {
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    for (const domain of OFFLINE_DOMAINS) {
      const mine = tasks.filter((t) => t.domain === domain);
      expect(mine.length, domain).toBeGreaterThan(20);
      expect(new Set(mine.map((t) => t.instruction)).size, domain).toBeGreaterThanOrEqual(3);
      expect(new Set(mine.map((t) => t.user.facts.length)).size, domain).toBe(2);
      expect(new Set(mine.map((t) => t.tools.map((x) => x.name).join())).size, domain).toBeGreaterThanOrEqual(3);
      expect(new Set(mine.map((t) => JSON.stringify(t.world))).size, domain).toBe(mine.length);
      expect(new Set(mine.map((t) => JSON.stringify(t.user.facts.map((f) => f.value)))).size, domain).toBeGreaterThan(mine.length / 2);
    }
  });

  it('have 2-3 facts with aliases and params, and never leak a fact value into the instruction or system', () => {
    for (const t of tasks) {
      expect(t.user.facts.length).toBeGreaterThanOrEqual(2);
      expect(t.user.facts.length).toBeLessThanOrEqual(3);
      for (const f of t.user.facts) {
        expect(f.aliases.length).toBeGreaterThan(0);
        expect(f.params?.length).toBeGreaterThan(0);
        expect(valueAppears(t.instruction, f.value), `${t.id}: ${f.id}`).toBe(false);
        expect(valueAppears(t.system ?? '', f.value), `${t.id}: ${f.id}`).toBe(false);
      }
    }
  });

  it('have the standard rubric: elicit each fact, subgoals, a confirmation, forbidden distractors, guesses and over-asking', () => {
    for (const t of tasks) {
      const types = (kind: string) => t.rubric.filter((r) => r.kind === kind).map((r) => r.check.type);
      expect(types('interaction')).toEqual(t.user.facts.map(() => 'fact_elicited'));
      expect(types('subgoal')).toEqual(expect.arrayContaining(['tool_called', 'world', 'said']));
      expect(types('forbidden')).toEqual(expect.arrayContaining(['tool_called', 'acted_before_eliciting', 'asked_more_than']));
      expect(types('forbidden').filter((x) => x === 'acted_before_eliciting')).toHaveLength(t.user.facts.length);
      const distractors = t.rubric.filter((r) => r.kind === 'forbidden' && r.check.type === 'tool_called');
      expect(distractors.length).toBeGreaterThanOrEqual(1);
      expect(distractors.length).toBeLessThanOrEqual(2);
      expect(t.tools.some((x) => x.mock.update !== undefined)).toBe(true);
    }
  });

  it.each(OFFLINE_DOMAINS.map((d) => [d]))('%s: a script that never asks (the reference minus its questions) scores below 1', async (domain) => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const task = synthesizeOffline(seed, 1, domain)[0]!;
      const steps: AgentScript = (task.reference ?? []).filter((s) => !('say' in s));
      const { result } = await runSession({ task, agent: scriptAgent(steps, { kind: 'script' }), user: simUser() });
      expect(result.score, task.id).toBeLessThan(1);
      expect(result.passed).toBe(false);
    }
  });

  it.each(OFFLINE_DOMAINS.map((d) => [d]))('%s: calling a distractor on the way makes the reference score 0', async (domain) => {
    const task = synthesizeOffline('distract', 1, domain)[0]!;
    const distractor = task.rubric.find((r) => r.kind === 'forbidden' && r.check.type === 'tool_called')!.check;
    if (distractor.type !== 'tool_called') throw new Error('no distractor');
    const schema = task.tools.find((x) => x.name === distractor.tool)!.parameters as unknown as { properties: Record<string, { type: string }> };
    const args = Object.fromEntries(Object.entries(schema.properties).map(([k, p]) => [k, p.type === 'number' ? 1 : 'X-1']));
    const reference = task.reference ?? [];
    const steps: AgentScript = [...reference.slice(0, -1), { call: distractor.tool, args }, reference.at(-1)!];
    const { result } = await runSession({ task, agent: scriptAgent(steps, { kind: 'script' }), user: simUser() });
    expect(result.score).toBe(0);
  });

  it('checks catch a broken instance', async () => {
    const task = tasks[0]!;
    expect(await offlineTaskProblem({ ...task, reference: (task.reference ?? []).slice(1) })).toMatch(/scores 0|failed/);
    expect(validateTask({ ...task, instruction: `${task.instruction} ${String(task.user.facts[0]!.value)}` }).ok).toBe(false);
  });
});
