/** Issue 15, finding 5: two batches on one --out overwrote each other's files with exit 0. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, useTempDirs } from '../helpers/cli.js';

const tempDir = useTempDirs('synthagent-batch-lock-');

describe('a batch locks its --out folder', () => {
  it('a second batch is refused in one line naming the holder, and nothing is run', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    // A live process holds it (this test's parent).
    writeFileSync(join(out, '.synthagent.lock'), `${process.ppid}\n`);
    const second = await cli(['run', '--tasks', 'travel-rebook', '--out', out], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`synthagent: --out ${out}: another batch is writing this folder (pid ${process.ppid}); wait for it, or pick another folder\n`);
    expect(existsSync(join(out, 'travel-rebook.t1.json'))).toBe(false);
  });

  it("takes over the lock of a batch that was killed, and releases its own", async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    writeFileSync(join(out, '.synthagent.lock'), `${dead}\n`);
    const run = await cli(['run', '--tasks', 'travel-rebook', '--out', out], dir);
    expect(run.code).toBe(0);
    expect(existsSync(join(out, 'travel-rebook.t1.json'))).toBe(true);
    expect(existsSync(join(out, '.synthagent.lock'))).toBe(false);
  });
});

describe('resuming a batch', () => {
  it('does not run a session again over a recording it cannot read (finding 2)', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'travel-rebook.t1.json'), '{"format": "synthagent.recording/1", "events": 7}\n');
    const run = await cli(['run', '--tasks', 'travel-rebook', '--out', out], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/travel-rebook\.t1\.json: .*\(resuming would overwrite it: move it away to run that session again\)\n$/);
    expect(readFileSync(join(out, 'travel-rebook.t1.json'), 'utf8')).toBe('{"format": "synthagent.recording/1", "events": 7}\n');
  });
});
