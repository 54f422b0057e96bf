import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globToRegExp, isFileGlob, matchFiles } from '../../src/adapters/task-glob.js';

describe('globToRegExp', () => {
  it.each<[string, string, boolean]>([
    ['travel-*', 'travel-rebook', true],
    ['travel-*', 'retail-return', false],
    ['*', 'anything-at-all', true],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['tasks/*.json', 'tasks/x.json', true],
    ['tasks/*.json', 'tasks/sub/x.json', false],
    ['tasks/**/*.json', 'tasks/x.json', true],
    ['tasks/**/*.json', 'tasks/a/b/x.json', true],
    ['tasks/**', 'tasks/a/b/x.json', true],
    ['tasks/*.json', 'tasksXx.json', false],
    ['a.b', 'aXb', false],
    ['(x)+', '(x)+', true],
  ])('%s ~ %s → %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['travel-*', false],
    ['*', false],
    ['fixtures/tasks/**/*.json', true],
    ['*.json', true],
  ])('isFileGlob(%s) → %s', (glob, expected) => {
    expect(isFileGlob(glob)).toBe(expected);
  });
});

describe('matchFiles', () => {
  it('walks from the static prefix, keeps *.json, skips dot folders and node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-glob-'));
    for (const d of ['t/a/b', 't/.hidden', 't/node_modules']) mkdirSync(join(dir, d), { recursive: true });
    for (const f of ['t/one.json', 't/a/two.json', 't/a/b/three.json', 't/a/notes.txt', 't/.hidden/x.json', 't/node_modules/y.json']) writeFileSync(join(dir, f), '{}');
    const base = dir.replace(/\\/g, '/');
    const rel = (files: string[]) => files.map((f) => f.slice(base.length + 1));
    expect(rel(matchFiles(`${base}/t/**/*.json`))).toEqual(['t/a/b/three.json', 't/a/two.json', 't/one.json']);
    expect(rel(matchFiles(`${base}/t/*.json`))).toEqual(['t/one.json']);
    expect(rel(matchFiles(`${base}/t/a/two.json`))).toEqual(['t/a/two.json']);
    expect(matchFiles(`${base}/missing/**/*.json`)).toEqual([]);
  });
});
