import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyedCache } from '../../src/adapters/keyed-cache.js';
import { useTempDirs } from '../helpers/cli.js';

const tempDir = useTempDirs('synthagent-keyed-cache-');

describe('KeyedCache', () => {
  it('keeps values by key in one file, read back by a new cache on the same file', () => {
    const file = join(tempDir(), 'deep', 'er', 'cache.json');
    const cache = new KeyedCache<{ n: number }>(file, 'test.cache/1');
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', { n: 1 });
    cache.set('b', { n: 2 });
    cache.set('a', { n: 3 });
    expect(cache.get('a')).toEqual({ n: 3 });
    expect(new KeyedCache<{ n: number }>(file, 'test.cache/1').get('b')).toEqual({ n: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ format: 'test.cache/1', entries: { a: { n: 3 }, b: { n: 2 } } });
  });

  it('is written like every file the tool writes: through a symlink to its target (the link stays)', () => {
    const dir = tempDir();
    const target = join(dir, 'shared-cache.json');
    symlinkSync(target, join(dir, 'cache.json'));
    new KeyedCache<number>(join(dir, 'cache.json'), 'f').set('k', 1);
    expect(lstatSync(join(dir, 'cache.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8')).entries).toEqual({ k: 1 });
  });

  it('a key named like an Object property is not found unless set', () => {
    const cache = new KeyedCache<number>(join(tempDir(), 'c.json'), 'f');
    for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(cache.get(key)).toBeUndefined();
    cache.set('toString', 5);
    expect(cache.get('toString')).toBe(5);
  });

  it.each<[string, string]>([
    ['not JSON', '{'],
    ['JSON without entries', '{"format": "f"}'],
    ['entries that are not an object', '{"format": "f", "entries": null}'],
  ])('a broken file (%s) starts empty and is rebuilt as values come', (_name, text) => {
    const file = join(tempDir(), 'c.json');
    writeFileSync(file, text);
    const cache = new KeyedCache<string>(file, 'f');
    expect(cache.get('x')).toBeUndefined();
    cache.set('x', 'y');
    expect(new KeyedCache<string>(file, 'f').get('x')).toBe('y');
  });

  it('reads the file once: a value written by someone else after the first read is not seen', () => {
    const file = join(tempDir(), 'c.json');
    const cache = new KeyedCache<string>(file, 'f');
    expect(cache.get('k')).toBeUndefined();
    new KeyedCache<string>(file, 'f').set('k', 'v');
    expect(cache.get('k')).toBeUndefined();
  });
});
