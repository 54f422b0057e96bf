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
