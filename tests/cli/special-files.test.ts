/**
 * Issue 15, findings 3, 6 and 8: special files where a task or recording is expected are refused in one
 * line without being read (a FIFO or /dev/zero used to hang or eat memory); a failure to write stdout is
 * one line and exit 1; a recordings "folder" that is a file is one line.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { openSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile } from '../../src/adapters/files.js';
import { readRecording } from '../../src/adapters/recording-file.js';
import { UnreadableFileError } from '../../src/errors.js';
import { CLI, cli, cliEnv, useTempDirs } from '../helpers/cli.js';

const tempDir = useTempDirs('synthagent-special-');
const GOLDEN = new URL('../../fixtures/golden/travel-rebook/reference.json', import.meta.url).pathname;

function fifoIn(dir: string): string {
  const fifo = join(dir, 'p.json');
  execFileSync('mkfifo', [fifo]);
  return fifo;
}

describe('a named pipe or a device where a file is expected', () => {
  it.each([
    ['show', (f: string) => ['show', f]],
    ['replay', (f: string) => ['replay', f]],
    ['rescore', (f: string) => ['rescore', f]],
    ['run --task', (f: string) => ['run', '--task', f, '--no-record']],
    ['validate', (f: string) => ['validate', f]],
    ['import', (f: string) => ['import', '--from', 'synthagent-verl', f, '--out', `${f}.out`]],
  ])('%s of a FIFO: one line naming it, never read', async (_name, args) => {
    const dir = tempDir();
    const fifo = fifoIn(dir);
    const out = await cli(args(fifo), dir);
    expect(out.code).toBe(2);
    expect(out.stdout + out.stderr).toContain(`${fifo}: cannot read: a named pipe, not a file; skipped`);
  });

  it('/dev/zero is a device, refused before a byte is read', () => {
    expect(() => readTextFile('/dev/zero')).toThrow(UnreadableFileError);
    expect(() => readTextFile('/dev/zero')).toThrow('/dev/zero: cannot read: a character device, not a file; skipped');
  });

  it('a file larger than the limit is refused by its size (view opens recordings up to 64 MB)', () => {
    expect(() => readRecording(GOLDEN, 1000)).toThrow(/reference\.json: cannot read: 1 MB, larger than the 1 MB synthagent reads/);
    expect(readRecording(GOLDEN).events.length).toBeGreaterThan(0);
  });
});

describe('SYNTHAGENT_RECORDINGS naming a file', () => {
  it('recordings says so in one line (not "internal error: ENOTDIR")', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), '');
    const out = await cli(['recordings'], dir, { SYNTHAGENT_RECORDINGS: join(dir, 'afile') });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`synthagent: ${join(dir, 'afile')}: is a file, not a folder (the recordings folder: SYNTHAGENT_RECORDINGS, default recordings/)\n`);
  });
});

describe('stdout that cannot be written', () => {
  it.each([['tasks'], ['tasks', '--json'], ['show', GOLDEN], ['replay', GOLDEN]])('synthagent %s > /dev/full: one line, exit 1', async (...args) => {
    const fd = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(), stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => void (stderr += d));
    const code = await new Promise((r) => child.once('close', r));
    expect(stderr).toBe('synthagent: cannot write the output: no space left on the device\n');
    expect(code).toBe(1);
  });
});
