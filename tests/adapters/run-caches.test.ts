import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunCaches } from '../../src/adapters/run-caches.js';
import { memos } from '../../src/domain/memo.js';
import { useTempDirs } from '../helpers/cli.js';

const tempDir = useTempDirs('synthagent-run-caches-');

describe('RunCaches', () => {
  it('one cache object per file, so concurrent sessions share entries', () => {
    const caches = new RunCaches();
    const file = join(tempDir(), 'a.json');
    const a = caches.keyed<number>(file, 'f');
    expect(caches.keyed<number>(file, 'f')).toBe(a);
    expect(caches.keyed<number>(join(tempDir(), 'b.json'), 'f')).not.toBe(a);
    // Another run has its own objects.
    expect(new RunCaches().keyed<number>(file, 'f')).not.toBe(a);
  });

  it('reset forgets what is held in memory (new objects, the memo tables cleared); the files stay', () => {
    const caches = new RunCaches();
    const file = join(tempDir(), 'a.json');
    const before = caches.keyed<number>(file, 'f');
    before.set('k', 1);
    const table = memos.table<string, number>('run-caches.test', 10);
    table.set('x', 1);
    expect(caches.memos).toBe(memos);
    caches.reset();
    const after = caches.keyed<number>(file, 'f');
    expect(after).not.toBe(before);
    expect(after.get('k')).toBe(1); // read again from the file
    expect(table.get('x')).toBeUndefined();
  });
});
