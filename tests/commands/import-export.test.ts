import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { expandRecordingArgs } from '../../src/adapters/recording-paths.js';
import { cli, useTempDirs } from '../helpers/cli.js';

const SAMPLE = new URL('../../fixtures/verl/synthagent-verl-sample.json', import.meta.url).pathname;
const GOLDEN = new URL('../../fixtures/golden', import.meta.url).pathname;
const goldenFiles = expandRecordingArgs([GOLDEN]);

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

  it('export --out to a folder is refused in one line, and nothing is created beside it (issue 15, finding 1)', async () => {
    const cwd = tempDir();
    const out = await cli(['export', GOLDEN, '--format', 'verl', '--out', cwd], cwd);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`synthagent: ${cwd}: is a folder; give a file name\n`);
    expect(readdirSync(join(cwd, '..')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
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
    expect(out.stdout).toContain('simulated tool: no model configured (--tool-model)');
    expect(out.stdout).toMatch(/unjudged: policy-direct-policy, .*ask-timeframe-for-latest/);
  });
});

describe('synthagent export', () => {
  it('writes one chat-jsonl line per golden recording', async () => {
    const out = await cli(['export', GOLDEN, '--format', 'chat-jsonl'], tempDir());
    expect(out.code).toBe(0);
    const rows = lines(out.stdout).map((l) => JSON.parse(l) as { messages: { role: string }[]; tools: unknown[] });
    expect(rows).toHaveLength(goldenFiles.length);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['messages', 'tools']);
      expect(row.messages[0]!.role).toBe('system');
      expect(row.messages[1]!.role).toBe('user');
    }
    expect(out.stderr).toBe(`exported ${goldenFiles.length} (chat-jsonl)\n`);
  });

  it('leaves out a session that ended before the agent said or did anything, and counts it', async () => {
    const cwd = tempDir();
    const rec = readRecording(goldenFiles[0]!);
    const opening = rec.events[0]!;
    const failed = {
      ...rec,
      id: 'failed-first-call',
      events: [opening, { seq: 1, type: 'note', level: 'error', text: 'session error: model call failed: 500' }, { seq: 2, type: 'end', reason: 'error' }],
      result: { score: 0, passed: false, end: 'error', hits: [], unjudged: [] },
    };
    writeFileSync(join(cwd, 'failed.json'), JSON.stringify(failed));
    const out = await cli(['export', 'failed.json', goldenFiles[0]!, '--format', 'chat-jsonl'], cwd);
    expect(out.code).toBe(0);
    expect(lines(out.stdout)).toHaveLength(1);
    expect(out.stderr).toBe('exported 1 (chat-jsonl); skipped 1 without an agent turn\n');
  });

  it('--passed keeps the passed recordings and counts the rest on stderr', async () => {
    const results = goldenFiles.map((f) => readRecording(f).result!);
    const unjudged = results.filter((r) => r.unjudged.length > 0).length;
    const passed = results.filter((r) => r.passed && r.unjudged.length === 0).length;
    expect(passed).toBeGreaterThan(0);
    expect(unjudged).toBeGreaterThan(0);
    const out = await cli(['export', GOLDEN, '--format', 'chat-jsonl', '--passed'], tempDir());
    expect(out.code).toBe(0);
    expect(lines(out.stdout)).toHaveLength(passed);
    expect(out.stderr).toContain(`${goldenFiles.length - passed - unjudged} not passed`);
    // Unjudged is not a pass: said how many and why, and kept only when asked.
    expect(out.stderr).toContain(`${unjudged} with unjudged items`);
    const all = await cli(['export', GOLDEN, '--format', 'chat-jsonl', '--passed', '--include-unjudged'], tempDir());
    expect(lines(all.stdout)).toHaveLength(results.filter((r) => r.passed).length);
  });

  it('--min-score filters by score', async () => {
    const kept = goldenFiles.filter((f) => (readRecording(f).result?.score ?? 0) >= 0.5 && readRecording(f).result?.unjudged.length === 0).length;
    const out = await cli(['export', GOLDEN, '--format', 'chat-jsonl', '--min-score', '0.5'], tempDir());
    expect(lines(out.stdout)).toHaveLength(kept);
    expect(out.stderr).toContain(`below --min-score`);
  });

  it('writes verl records to a .jsonl file that import reads back', async () => {
    const cwd = tempDir();
    const out = await cli(['export', join(GOLDEN, 'travel-rebook'), '--format', 'verl', '--passed', '--out', 'rl/train.jsonl'], cwd);
    expect(out.code).toBe(0);
    const rows = lines(readFileSync(join(cwd, 'rl/train.jsonl'), 'utf8')).map((l) => JSON.parse(l) as { id: string; extra_info: { score: number } });
    expect(rows.map((r) => [r.id, r.extra_info.score])).toEqual([['travel-rebook', 1]]);
    const back = await cli(['import', '--from', 'synthagent-verl', 'rl/train.jsonl', '--out', 'tasks'], cwd);
    expect(back.stdout).toContain('1 imported, 0 skipped');
    expect(back.code).toBe(0);
    const validate = await cli(['validate', 'tasks/travel-rebook.json'], cwd);
    expect(validate.code).toBe(0);
  });

  it('writes verl records as a JSON array to stdout', async () => {
    const out = await cli(['export', join(GOLDEN, 'travel-rebook'), '--format', 'verl'], tempDir());
    const rows = JSON.parse(out.stdout) as { id: string; prompt: unknown[]; task_background: string; rubrics: string }[];
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'prompt', 'task_background', 'rubrics', 'extra_info']);
  });

  it('reports an unreadable recording on one line, exports the rest and exits 2', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'junk.json'), '{"format": "something else"}');
    const out = await cli(['export', join(GOLDEN, 'travel-rebook', 'reference.json'), 'junk.json', 'gone.json', '--format', 'chat-jsonl'], cwd);
    expect(lines(out.stdout)).toHaveLength(1);
    expect(out.stderr).toMatch(/^synthagent: junk\.json: format: not a synthagent\.recording\/1 file\nsynthagent: gone\.json: cannot read: no such file\n/);
    expect(out.code).toBe(2);
  });

  it.each([
    ['an unknown format', ['--format', 'csv'], /unknown --format "csv"/],
    ['no format', [], /--format is required/],
    ['a bad --min-score', ['--format', 'verl', '--min-score', 'high'], /export: --min-score high: must be a number from 0 to 1/],
  ])('%s is bad usage (exit 2)', async (_name, flags, message) => {
    const out = await cli(['export', GOLDEN, ...flags], tempDir());
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
    expect(out.code).toBe(2);
  });
});
