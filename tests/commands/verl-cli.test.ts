import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, useTempDirs } from '../helpers/cli.js';

const EDGE = fileURLToPath(new URL('../../fixtures/verl/paper-edge-records.json', import.meta.url));
const tempDir = useTempDirs('synthagent-verl-cli-');

describe('import → run → export of the paper records, as a user does it', () => {
  it('imports with warning lines, then exports the records byte for byte', async () => {
    const cwd = tempDir();
    const imported = await cli(['import', '--from', 'synthagent-verl', EDGE, '--out', 'tasks'], cwd);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('3 imported (2 with warnings), 0 skipped → tasks\n');
    expect(imported.stderr).toContain('[0] 013488be-c6c3-432b-b012-15080d8819bd: warning: task_background is null');
    expect(imported.stderr).toContain('[2] 0560259c-6762-4b50-bf0a-261f30b483f5: warning: prompt[1].content: leaked teacher text (<reasoning>, <task>, <background>)');
    writeFileSync(join(cwd, 'agent.json'), JSON.stringify([{ say: 'What exactly do you need?' }, { finish: 'Done.' }]));
    const batch = await cli(['run', '--tasks', 'tasks/*.json', '--agent', 'script:agent.json', '--out', 'recs'], cwd);
    expect(batch.code, batch.stderr).toBe(0);
    const exported = await cli(['export', 'recs', '--format', 'verl', '--out', 'back.json'], cwd);
    expect(exported.code, exported.stderr).toBe(0);
    const original = JSON.parse(readFileSync(EDGE, 'utf8')) as Record<string, unknown>[];
    const back = JSON.parse(readFileSync(join(cwd, 'back.json'), 'utf8')) as Record<string, unknown>[];
    expect(back.map((r) => [r.id, r.prompt, r.task_background, r.rubrics]).sort()).toEqual(original.map((r) => [r.id, r.prompt, r.task_background, r.rubrics]).sort());
  });
});

describe('run --judge-mode whole', () => {
  it('makes one judge call for the session and reports the judge’s section counts', async () => {
    const { startFakeOpenAI } = await import('../helpers/fake-openai.js');
    const server = await startFakeOpenAI();
    try {
      const cwd = tempDir();
      await cli(['import', '--from', 'synthagent-verl', EDGE, '--out', 'tasks'], cwd);
      const task = JSON.parse(readFileSync(join(cwd, 'tasks/01962e39-091e-41cb-b227-0340c49684b5.json'), 'utf8')) as { rubric: { kind: string; description: string }[] };
      const section = (n: number, kind: string) =>
        `## Section ${n}\n${task.rubric.filter((r) => r.kind === kind).map((r) => `### ${r.description}\n**Status: Completed**`).join('\n')}`;
      const count = (kind: string) => task.rubric.filter((r) => r.kind === kind).length;
      const block = ['Policy Compliance Criteria', 'Task Sub-goals', 'Required User Interaction']
        .map((name, i) => `### Section ${i + 1}\n**Name:** ${name}\n**Completed Items:** ${count(['forbidden', 'subgoal', 'interaction'][i]!)}/${count(['forbidden', 'subgoal', 'interaction'][i]!)}`)
        .join('\n');
      server.script([{ text: `<evaluation>\n${section(1, 'forbidden')}\n${section(2, 'subgoal')}\n${section(3, 'interaction')}\n</evaluation>\n<section_status>\n${block}\n</section_status>` }]);
      writeFileSync(join(cwd, 'agent.json'), JSON.stringify([{ finish: 'Done.' }]));
      const args = ['run', '--task', 'tasks/01962e39-091e-41cb-b227-0340c49684b5.json', '--agent', 'script:agent.json', '--judge-mode', 'whole', '--judge-model', 'fake', '--base-url', server.url, '--json', '--reward', 'released'];
      const out = await cli(args, cwd, { OPENAI_API_KEY: 'sk-test' });
      expect(out.code, out.stderr).toBe(0);
      expect(server.requests).toHaveLength(1);
      const json = JSON.parse(out.stdout) as { unjudged: string[]; rewards: { paper: number; released: number }; sections: Record<string, { met: number; total: number }> };
      expect(json.unjudged).toEqual([]);
      expect(json.rewards).toEqual({ paper: 1, released: 1 });
      expect(json.sections.subgoal).toEqual({ met: count('subgoal'), total: count('subgoal') });
      const bad = await cli([...args.slice(0, 5), '--judge-mode', 'all'], cwd);
      expect(bad.stderr).toBe('synthagent: run: --judge-mode all: must be item or whole\n');
    } finally {
      await server.close();
    }
  });
});
