import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CacheKeyParts, ModelCache } from '../../src/adapters/model-cache.js';
import { useTempDirs } from '../helpers/cli.js';

const tempDir = useTempDirs('synthagent-model-cache-');
const call = (over: Partial<CacheKeyParts> = {}): CacheKeyParts => ({
  model: 'm1',
  messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'hi' }],
  tools: [{ name: 't' }],
  params: { temperature: 0 },
  ...over,
});

describe('ModelCache', () => {
  it('answers a call seen before from disk, also in a new cache object on the same file', () => {
    const file = join(tempDir(), 'cache.json');
    new ModelCache(file).put(call(), { content: 'hello' });
    expect(new ModelCache(file).get(call())).toEqual({ hit: true, answer: { content: 'hello' } });
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('synthagent.model-cache/1');
  });

  it('the key ignores the order of object keys, not the order of messages', () => {
    expect(ModelCache.key(call({ params: { a: 1, b: 2 } }))).toBe(ModelCache.key(call({ params: { b: 2, a: 1 } })));
    expect(ModelCache.key(call())).not.toBe(ModelCache.key(call({ messages: [...call().messages].reverse() })));
  });

  it('an entry nested past the depth limit (not one the tool wrote) is no entry; the file is written again', () => {
    const file = join(tempDir(), 'cache.json');
    new ModelCache(file).put(call(), { content: 'hello' });
    const data = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...data, entries: [...data.entries, { key: 'deep', answer: '@@' }] }).replace('"@@"', `${'['.repeat(5000)}${']'.repeat(5000)}`));
    const cache = new ModelCache(file);
    expect(cache.get(call())).toEqual({ hit: true, answer: { content: 'hello' } });
    cache.put(call({ model: 'm2' }), 'two');
    expect(JSON.parse(readFileSync(file, 'utf8')).entries.map((e: { key: string }) => e.key)).toEqual([ModelCache.key(call()), ModelCache.key(call({ model: 'm2' }))]);
  });

  it('a second put of the same call replaces the answer (one entry)', () => {
    const file = join(tempDir(), 'cache.json');
    const cache = new ModelCache(file);
    cache.put(call(), 1);
    cache.put(call(), 2);
    expect(cache.get(call())).toEqual({ hit: true, answer: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8')).entries).toHaveLength(1);
  });

  it.each<[string, Partial<CacheKeyParts>, string]>([
    ['another model', { model: 'm2' }, 'model differs from the closest cached call (m1 there, m2 here)'],
    ['other tools', { tools: [] }, 'tools differ from the closest cached call'],
    ['other parameters', { params: { temperature: 1 } }, 'parameters differ from the closest cached call'],
    ['another second message', { messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'bye' }] }, 'messages differ from the closest cached call at message 2 of 2'],
    ['one more message', { messages: [...call().messages, { role: 'user', content: 'more' }] }, 'messages differ from the closest cached call at message 3 of 3'],
    ['fewer messages', { messages: call().messages.slice(0, 1) }, 'the closest cached call has more messages'],
  ])('a miss says what differs: %s', (_name, over, why) => {
    const cache = new ModelCache(join(tempDir(), 'cache.json'));
    cache.put(call(), 'x');
    expect(cache.get(call(over))).toEqual({ hit: false, why });
  });

  it.each<[string, string | null, string]>([
    ['no file', null, 'the cache is empty'],
    ['a file that is not JSON', '{oops', 'the cache is empty'],
    ['a file without entries', '{"format":"synthagent.model-cache/1"}', 'the cache is empty'],
  ])('%s: an empty cache that still takes entries', (_name, content, why) => {
    const file = join(tempDir(), 'cache.json');
    if (content !== null) writeFileSync(file, content);
    const cache = new ModelCache(file);
    expect(cache.get(call())).toEqual({ hit: false, why });
    cache.put(call(), 'ok');
    expect(new ModelCache(file).get(call())).toEqual({ hit: true, answer: 'ok' });
  });
});
