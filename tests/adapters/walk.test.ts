import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../../src/adapters/walk.js';

const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'walk-'));
  mkdirSync(join(dir, 'b'));
  mkdirSync(join(dir, '.hidden'));
  writeFileSync(join(dir, 'b', 'two.json'), '{}');
  writeFileSync(join(dir, 'a.json'), '{}');
  writeFileSync(join(dir, 'notes.txt'), '');
  writeFileSync(join(dir, '.hidden', 'x.json'), '{}');
  symlinkSync(join(dir, 'a.json'), join(dir, 'link.json'));
  symlinkSync(join(dir, 'b'), join(dir, 'loop'));
  return dir;
}

describe('walkFiles', () => {
  it('lists the kept files depth first in name order, follows file links, not folder links', () => {
    const dir = tree();
    const files = walkFiles(dir, { keep: (n) => n.endsWith('.json'), skipDir: (n) => n.startsWith('.') });
    expect(files).toEqual([join(dir, 'a.json'), join(dir, 'b', 'two.json'), join(dir, 'link.json')]);
  });

  it.skipIf(!hasMkfifo)('never opens a named pipe: it is reported once and left out', () => {
    const dir = tree();
    expect(spawnSync('mkfifo', [join(dir, 'pipe.json')]).status).toBe(0);
    const skipped: string[] = [];
    const files = walkFiles(dir, { keep: (n) => n.endsWith('.json'), onSkip: (path, why) => skipped.push(`${path}: ${why}`) });
    expect(files).not.toContain(join(dir, 'pipe.json'));
    expect(skipped).toEqual([`${join(dir, 'pipe.json')}: skipped: a named pipe, not a file`]);
  });

  it.skipIf(process.getuid?.() === 0)('a folder it cannot read is reported and passed over', () => {
    const dir = tree();
    chmodSync(join(dir, 'b'), 0o000);
    const skipped: string[] = [];
    expect(walkFiles(dir, { keep: (n) => n.endsWith('.json'), onSkip: (path) => skipped.push(path) })).toEqual([join(dir, 'a.json'), join(dir, 'link.json')]);
    expect(skipped).toEqual([join(dir, 'b')]);
    chmodSync(join(dir, 'b'), 0o755);
  });
});
