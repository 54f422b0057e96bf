import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandRecordingArgs } from '../../src/adapters/recording-paths.js';
import { useTempDirs } from '../helpers/cli.js';

const tempDir = useTempDirs('synthagent-rec-paths-');

describe('expandRecordingArgs', () => {
  it('files as given (existing or not, in order); folders to every *.json in them, recursively, not the index', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    for (const f of ['a.json', 'index.json', 'notes.txt', 'sub/b.json', 'sub/index.json']) writeFileSync(join(dir, f), '{}');
    const got = expandRecordingArgs(['missing.json', dir, join(dir, 'notes.txt')]);
    expect(got[0]).toBe('missing.json');
    expect(got.at(-1)).toBe(join(dir, 'notes.txt'));
    expect(got.slice(1, -1).sort()).toEqual([join(dir, 'a.json'), join(dir, 'sub', 'b.json')]);
  });

  it('no arguments, or an empty folder: nothing', () => {
    expect(expandRecordingArgs([])).toEqual([]);
    expect(expandRecordingArgs([tempDir()])).toEqual([]);
  });
});
