import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { rescoreCommand } from '../../src/commands/rescore.js';
import type { CliIo } from '../../src/io.js';
import { buffer, cliEnv, useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';
import { exampleTask } from '../helpers/tasks.js';

const GOLDEN = fileURLToPath(new URL('../../fixtures/golden/travel-rebook/reference.json', import.meta.url));
const tempDir = useTempDirs('synthagent-rescore-cmd-');

/** A copy of a golden recording whose task source is a task file beside it (edited by `edit`). */
function workspace(edit: (t: ReturnType<typeof exampleTask>) => void = () => {}) {
  const dir = tempDir();
  const task = exampleTask();
  edit(task);
  writeFileSync(join(dir, 'task.json'), JSON.stringify(task));
  const rec = { ...readRecording(GOLDEN), taskSource: { file: 'task.json' } };
  writeFileSync(join(dir, 'rec.json'), JSON.stringify(rec));
  const stdout = buffer();
  const stderr = buffer();
  const io: CliIo = { stdout, stderr, env: cliEnv(), cwd: dir };
  return { dir, file: join(dir, 'rec.json'), io, stdout, stderr };
}

describe('rescoreCommand', () => {
  it('an unchanged task: the same score, nothing written without --write', async () => {
    const w = workspace();
    const before = readFileSync(w.file, 'utf8');
    expect(await rescoreCommand([w.file], { write: false, json: false }, w.io)).toBe(0);
    expect(w.stdout.text()).toMatch(/rec\.json: paper 1\.00 → 1\.00 passed {2}\(/);
    expect(readFileSync(w.file, 'utf8')).toBe(before);
  });

  it('a stricter rubric: the lost hit named; --write records the rescore in the file', async () => {
    const w = workspace((t) => void (t.rubric.find((r) => r.id === 'confirms')!.check = { type: 'said', pattern: 'UA 99' }));
    expect(await rescoreCommand([w.file], { write: true, json: false }, w.io)).toBe(0);
    expect(w.stdout.text()).toMatch(/paper 1\.00 → 0\.\d\d failed .*\(-confirms\) {2}\[written\]/);
    const rec = readRecording(w.file);
    expect(rec.rescored).toEqual([{ at: expect.any(String), from: { score: 1, passed: true }, to: { score: rec.result!.score, passed: false }, changes: ['-confirms'] }]);
  });

  it('--json: one object with a row per recording; --reward released heads with the released reward', async () => {
    const w = workspace();
    await rescoreCommand([w.file], { write: false, json: true }, w.io);
    const out = JSON.parse(w.stdout.text()) as { recordings: { file: string; changes: string[]; written: boolean; note: string | null }[] };
    expect(out.recordings).toEqual([expect.objectContaining({ file: w.file, changes: [], written: false, note: null })]);
    const r = workspace();
    await rescoreCommand([r.file], { write: false, json: false, reward: 'released' }, r.io);
    expect(r.stdout.text()).toMatch(/: released 1\.00 → 1\.00 /);
  });

  it('the task source gone: the stored task, with a note', async () => {
    const w = workspace();
    const moved = join(tempDir(), 'rec.json');
    copyFileSync(w.file, moved);
    await rescoreCommand([moved], { write: false, json: false }, w.io);
    expect(w.stdout.text()).toContain('    note: task source not found; using the task stored in the recording');
  });

  it('an unreadable recording: one stderr line, the rest rescored, exit 2', async () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'junk.json'), '{');
    expect(await rescoreCommand([join(w.dir, 'junk.json'), w.file], { write: false, json: false }, w.io)).toBe(2);
    expect(w.stderr.text()).toMatch(/^synthagent: .*junk\.json: .*\n$/);
    expect(w.stdout.text()).toContain('rec.json: paper');
  });

  it('no recordings, or a bad --reward: one line', async () => {
    const w = workspace();
    const none = await rescoreCommand([], { write: false, json: false }, w.io).catch((e: unknown) => e);
    expect(userErrorMessage(() => { throw none; })).toBe('rescore: give one or more recordings (files or folders)');
    const bad = await rescoreCommand([w.file], { write: false, json: false, reward: 'x' }, w.io).catch((e: unknown) => e);
    expect(userErrorMessage(() => { throw bad; })).toBe('--reward x: must be paper or released');
  });
});
