/**
 * The one write helper (issue 15, finding 1): whole-or-nothing replacement of regular files, special
 * files written in place, symlinks followed, folders refused, leftovers of killed writers swept.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeOutput } from '../../src/adapters/files.js';
import { readRecording } from '../../src/adapters/recording-file.js';
import { expandRecordingArgs } from '../../src/adapters/recording-paths.js';
import { SystemError, UserError } from '../../src/errors.js';
import { useTempDirs } from '../helpers/cli.js';

const tempDir = useTempDirs('synthagent-files-');
const GOLDEN = expandRecordingArgs([new URL('../../fixtures/golden', import.meta.url).pathname])[0]!;
const DIST_RECORDING_FILE = new URL('../../dist/adapters/recording-file.js', import.meta.url).pathname;

describe('writeFileAtomic', () => {
  it('replaces a regular file and leaves no temp file', () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it("writes a symlink's target and keeps the link", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    writeFileAtomic(join(dir, 'link.json'), 'new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('real.json');
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('new');
  });

  it('writes a character device in place (/dev/null stays a device)', () => {
    writeFileAtomic('/dev/null', 'x');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('refuses a folder in one line and creates nothing beside it', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    expect(() => writeFileAtomic(join(dir, 'out'), 'x')).toThrow(UserError);
    expect(() => writeFileAtomic(join(dir, 'out'), 'x')).toThrow(/out: is a folder; give a file name/);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('a full device is one SystemError line', () => {
    expect(() => writeFileAtomic('/dev/full', 'x')).toThrow(SystemError);
    expect(() => writeFileAtomic('/dev/full', 'x')).toThrow(/\/dev\/full: cannot write: no space left on the device/);
  });

  it("sweeps the temp files a killed writer left beside the file (not a live process's)", () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    // A pid that is surely gone: a child that has exited.
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    writeFileSync(`${file}.${dead}.tmp`, '{"format":');
    writeFileSync(`${file}.${process.ppid}.tmp`, 'a live writer');
    writeFileSync(join(dir, 'other.txt.12.tmp'), 'not ours');
    writeFileAtomic(file, 'new');
    expect(readdirSync(dir).sort()).toEqual(['a.json', `a.json.${process.ppid}.tmp`, 'other.txt.12.tmp']);
  });
  it('the first write into a folder also sweeps what a run killed while creating another recording left there', () => {
    const dir = tempDir();
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    writeFileSync(join(dir, `2026-12-05-x.json.${dead}.tmp`), '{"format":');
    writeFileSync(join(dir, `live.json.${process.ppid}.tmp`), 'a live writer');
    writeFileSync(join(dir, `notes.${dead}.tmp`), 'the user\'s own file');
    writeFileAtomic(join(dir, 'new.json'), '{}');
    expect(readdirSync(dir).sort()).toEqual([`live.json.${process.ppid}.tmp`, 'new.json', `notes.${dead}.tmp`]);
  });
});

describe('writeOutput', () => {
  it('streams into a named pipe whose reader comes later, and the pipe stays a pipe', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const writing = writeOutput(fifo, 'hello through the pipe\n');
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let got = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => void (got += d));
    await writing;
    await new Promise((r) => reader.once('close', r));
    expect(got).toBe('hello through the pipe\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  }, 60_000);
});

describe('a whole recording is renamed into place only once it is complete (rescore --write, replay --update)', () => {
  it('kill -9 at any moment leaves the old recording or the new one, whole', async () => {
    const dir = tempDir();
    const file = join(dir, 'rec.json');
    const rec = readRecording(GOLDEN);
    // Big events make the window between "renamed" and "events written" wide, if there is one.
    const pad = 'x'.repeat(1_000_000);
    const big = { ...rec, events: rec.events.map((e) => (e.type === 'user_message' ? { ...e, text: `${e.text} ${pad}` } : e)) };
    writeFileSync(join(dir, 'a.json'), JSON.stringify(big));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ ...big, events: big.events.slice(0, 3), complete: false, result: null }));
    const script = `import { writeRecording } from ${JSON.stringify(DIST_RECORDING_FILE)};
      import { readFileSync } from 'node:fs';
      const a = JSON.parse(readFileSync('a.json', 'utf8')), b = JSON.parse(readFileSync('b.json', 'utf8'));
      writeRecording('rec.json', a);
      process.stdout.write('ready\\n');
      for (let i = 0; ; i++) writeRecording('rec.json', i % 2 ? a : b);`;
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 15 + round * 17));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const back = readRecording(file);
      expect([big.events.length, 3]).toContain(back.events.length);
      expect(back.complete).toBe(back.events.length === big.events.length);
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp')).length).toBeLessThanOrEqual(1);
    writeFileAtomic(file, readFileSync(file));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(file)).toBe(true);
  }, 60_000);
});
