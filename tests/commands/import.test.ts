import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, useTempDirs } from '../helpers/cli.js';

const SAMPLE = new URL('../../fixtures/verl/synthagent-verl-sample.json', import.meta.url).pathname;

const tempDir = useTempDirs('synthagent-import-');

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

describe('synthagent import --from synthagent-verl', () => {
  it('does not overwrite task files already in --out unless --force (issue 15, finding 8)', async () => {
    const cwd = tempDir();
    await cli(['import', '--from', 'synthagent-verl', SAMPLE, '--out', 'tasks'], cwd);
    const file = join(cwd, 'tasks', '001f9c91-98c5-4179-b286-8bfee215887a.json');
    writeFileSync(file, '{"mine": true}\n');
    const again = await cli(['import', '--from', 'synthagent-verl', SAMPLE, '--out', 'tasks'], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^synthagent: import: tasks\/001f9c91-98c5-4179-b286-8bfee215887a\.json and 4 more already exist; nothing written \(add --force to overwrite\)\n$/);
    expect(readFileSync(file, 'utf8')).toBe('{"mine": true}\n');
    const forced = await cli(['import', '--from', 'synthagent-verl', SAMPLE, '--out', 'tasks', '--force'], cwd);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"id": "001f9c91-98c5-4179-b286-8bfee215887a"');
  });

  it('imports every record of the sample into a task file that validates', async () => {
    const cwd = tempDir();
    const out = await cli(['import', '--from', 'synthagent-verl', SAMPLE, '--out', 'tasks'], cwd);
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain('5 imported, 0 skipped');
    expect(out.code).toBe(0);
    const files = readdirSync(join(cwd, 'tasks')).sort();
    expect(files).toHaveLength(5);
    expect(files[0]).toBe('001f9c91-98c5-4179-b286-8bfee215887a.json');
    const validate = await cli(['validate', ...files.map((f) => join('tasks', f))], cwd);
    expect(validate.stdout.match(/^ok /gm)).toHaveLength(5);
    expect(validate.code).toBe(0);
  });

  it('reports a malformed record on one line and imports the rest', async () => {
    const cwd = tempDir();
    const records = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Record<string, unknown>[];
    writeFileSync(join(cwd, 'mixed.json'), JSON.stringify([records[0], { ...records[1], rubrics: 'no table here' }, { id: 'x' }]));
    const out = await cli(['import', '--from', 'synthagent-verl', 'mixed.json', '--out', 'tasks'], cwd);
    expect(lines(out.stderr)).toEqual([
      `mixed.json: [1] ${records[1]!.id as string}: rubrics: no sub-goals or required user interactions found (expected "### 2. Task Sub-goals" and "### 3. Required User Interaction" sections)`,
      'mixed.json: [2] x: prompt: missing',
    ]);
    expect(out.stdout).toContain('1 imported, 2 skipped');
    expect(out.code).toBe(0);
    expect(readdirSync(join(cwd, 'tasks'))).toEqual([`${records[0]!.id as string}.json`]);
  });

  it('exits 1 when no record imports', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad.json'), JSON.stringify([{ id: 'a' }, { id: 'b', prompt: [] }]));
    const out = await cli(['import', '--from', 'synthagent-verl', 'bad.json', '--out', 'tasks'], cwd);
    expect(lines(out.stderr)).toHaveLength(2);
    expect(out.stdout).toContain('0 imported, 2 skipped');
    expect(out.code).toBe(1);
  });

  it.each([
    ['no --from', ['import', SAMPLE, '--out', 'tasks'], /--from is required/],
    ['an unknown --from', ['import', '--from', 'tau-bench', SAMPLE, '--out', 'tasks'], /unknown --from "tau-bench"/],
    ['no --out', ['import', '--from', 'synthagent-verl', SAMPLE], /--out DIR is required/],
    ['no file', ['import', '--from', 'synthagent-verl', '--out', 'tasks'], /give the file/],
    ['a missing file', ['import', '--from', 'synthagent-verl', 'nope.json', '--out', 'tasks'], /nope\.json: cannot read: no such file/],
  ])('%s is bad usage (exit 2)', async (_name, args, message) => {
    const out = await cli(args, tempDir());
    expect(lines(out.stderr)).toHaveLength(1);
    expect(out.stderr).toMatch(message);
    expect(out.code).toBe(2);
  });

  it('runs an imported task with a script agent: the judge items are left unjudged', async () => {
    const cwd = tempDir();
    await cli(['import', '--from', 'synthagent-verl', SAMPLE, '--out', 'tasks'], cwd);
    writeFileSync(join(cwd, 'agent.json'), JSON.stringify([{ call: 'SportsStatsAPI', args: { player_name: 'X', team: 'POR', stat_type: 'recent' } }, { finish: 'Here is the script.' }]));
    const out = await cli(['run', '--task', 'tasks/001f9c91-98c5-4179-b286-8bfee215887a.json', '--agent', 'script:agent.json', '--no-record'], cwd);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('simulated tool: no model configured (--tool-model M, or --tools human to answer it yourself)');
    expect(out.stdout).toMatch(/unjudged: policy-direct-policy, .*ask-timeframe-for-latest/);
  });
});
