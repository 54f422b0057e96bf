import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { expandRecordingArgs } from '../../src/adapters/recording-paths.js';
import { cli, useTempDirs } from '../helpers/cli.js';

const GOLDEN = new URL('../../fixtures/golden', import.meta.url).pathname;
const goldenFiles = expandRecordingArgs([GOLDEN]);

const tempDir = useTempDirs('synthagent-export-');

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

describe('synthagent export', () => {
  it('export --out to a folder is refused in one line, and nothing is created beside it (issue 15, finding 1)', async () => {
    const cwd = tempDir();
    const out = await cli(['export', GOLDEN, '--format', 'verl', '--out', cwd], cwd);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`synthagent: ${cwd}: is a folder; give a file name\n`);
    expect(readdirSync(join(cwd, '..')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

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
