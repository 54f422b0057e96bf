import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentScript } from '../../src/adapters/script-files.js';
import { loadBundledTasks } from '../../src/adapters/task-files.js';
import { type AgentView, agentView } from '../../src/domain/agent-view.js';
import type { AgentScript, Task } from '../../src/domain/task.js';
import { valueAppears } from '../../src/domain/text-match.js';
import type { AgentRole } from '../../src/roles/role.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';

const SCRIPTS = new URL('../../fixtures/scripts/', import.meta.url).pathname;

/** Every script we have for a task: its reference, its wrong plays, and a blunt one that asks every alias. */
function scriptsFor(task: Task): AgentScript[] {
  const dir = join(SCRIPTS, task.id);
  const plays = existsSync(dir) ? readdirSync(dir).map((f) => loadAgentScript(join(dir, f))) : [];
  const askAll: AgentScript = task.user.facts.map((f) => ({ say: `What is your ${f.aliases[0]}?` }));
  return [task.reference ?? [], ...plays, askAll];
}

/** Records the view the agent got at each step, and what was revealed then. */
function spy(steps: AgentScript, seen: { view: AgentView; revealed: Set<string> }[], revealedNow: () => Set<string>): AgentRole {
  const inner = scriptAgent(steps, { kind: 'script' });
  return { info: inner.info, act: (view, ctx) => (seen.push({ view: structuredClone(view), revealed: revealedNow() }), inner.act(view, ctx)) };
}

describe('the agent never sees hidden information', () => {
  it.each(loadBundledTasks().map((t) => [t.task.id, t.task] as const))('%s', async (_id, task) => {
    for (const steps of scriptsFor(task)) {
      const seen: { view: AgentView; revealed: Set<string> }[] = [];
      let revealed = new Set<string>();
      await runSession({
        task,
        agent: spy(steps, seen, () => new Set(revealed)),
        user: simUser(),
        onStart: (log) => log.subscribe((_e, s) => void (revealed = new Set(s.revealed))),
      });
      for (const { view, revealed: known } of seen) {
        expect(Object.keys(view).sort()).toEqual(['items', 'system', 'tools']);
        const text = JSON.stringify(view);
        expect(text).not.toContain(task.fullInstruction);
        for (const key of ['"world"', '"rubric"', '"facts"', '"fullInstruction"', '"mock"', '"background"', '"persona"', '"aliases"']) {
          expect(text).not.toContain(key);
        }
        for (const item of task.rubric) if (item.description.length > 12) expect(text).not.toContain(item.description);
        // The policy and what the user said: no fact value until it was revealed. (Tool schemas may
        // list a value among their options, as an enum of seats does; that tells nothing of the choice.)
        const heard = [view.system ?? '', ...view.items.map((i) => (i.kind === 'user' ? i.text : ''))].join('\n');
        for (const fact of task.user.facts) {
          if (!known.has(fact.id)) expect(valueAppears(heard, fact.value), `${fact.id} leaked`).toBe(false);
        }
      }
      expect(seen.length).toBeGreaterThan(0);
    }
  });

  it('agentView() is the same function of the log the session used', async () => {
    const [first] = loadBundledTasks();
    const task = first!.task;
    const views: AgentView[] = [];
    const inner = scriptAgent(task.reference ?? [], { kind: 'reference' });
    const { log } = await runSession({ task, agent: { info: inner.info, act: (v, c) => (views.push(structuredClone(v)), inner.act(v, c)) }, user: simUser() });
    const last = views.at(-1)!;
    const upTo = log.events.filter((e) => e.type !== 'rubric_hit' && e.type !== 'note' && e.type !== 'end');
    expect(agentView(task, log.events).items.slice(0, last.items.length)).toEqual(last.items);
    expect(agentView(task, upTo).items.length).toBeGreaterThanOrEqual(last.items.length);
  });
});
