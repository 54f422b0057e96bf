import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type IndexEntry, RecordingStore } from '../../src/adapters/recording-store.js';
import { useTempDirs } from '../helpers/cli.js';

const GOLDEN = fileURLToPath(new URL('../../fixtures/golden/travel-rebook/guess.json', import.meta.url));

const tempDir = useTempDirs('synthagent-store-');

const entry = (id: string, over: Partial<IndexEntry> = {}): IndexEntry => ({
  id,
  file: `${id}.json`,
  task: 'travel-rebook',
  agent: 'reference',
  user: 'sim',
  createdAt: '2026-12-05T08:00:00.000Z',
  score: null,
  passed: null,
  end: null,
  complete: false,
  events: 0,
  ...over,
});

/** A folder holding `n` copies of a real recording, as r<i>.json (ids r<i>), indexed by `put`. */
function folderOf(n: number, store?: (dir: string) => RecordingStore): { dir: string; store: RecordingStore } {
  const dir = tempDir();
  const s = store?.(dir) ?? new RecordingStore(dir);
  for (let i = 0; i < n; i++) {
    const rec = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { id: string };
    rec.id = `r${i}`;
    writeFileSync(join(dir, `r${i}.json`), JSON.stringify(rec));
    s.put(entry(`r${i}`, { complete: true, score: 0, end: 'agent_finished', createdAt: `2026-12-05T08:00:${String(i).padStart(2, '0')}.000Z` }));
  }
  return { dir, store: s };
}

describe('the recordings index', () => {
  it('put appends one line and leaves the snapshot alone: its cost does not grow with the folder', () => {
    const { dir, store } = folderOf(3);
    expect(existsSync(join(dir, 'index.json'))).toBe(false);
    expect(readFileSync(join(dir, 'index.log'), 'utf8').trim().split('\n')).toHaveLength(3);
    store.list(); // folds the log into the snapshot
    const before = statSync(join(dir, 'index.json'));
    store.put(entry('r9'));
    expect(statSync(join(dir, 'index.json')).mtimeMs).toBe(before.mtimeMs);
    expect(readFileSync(join(dir, 'index.log'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as IndexEntry).id)).toEqual(['r9']);
  });

  it('list folds the log into index.json, one entry per recording, and removes the log', () => {
    const { dir, store } = folderOf(3);
    // The same recording put again (its start, then its end): the later entry wins, once.
    store.put(entry('r1', { complete: true, score: 1, passed: true, end: 'agent_finished', createdAt: '2026-12-05T08:00:01.000Z' }));
    const listed = store.list();
    expect(listed.map((e) => e.id)).toEqual(['r2', 'r1', 'r0']);
    const snapshot = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { format: string; recordings: IndexEntry[] };
    expect(snapshot.format).toBe('synthagent.index/1');
    expect(snapshot.recordings.map((e) => e.id).sort()).toEqual(['r0', 'r1', 'r2']);
    expect(readdirSync(dir).filter((f) => f.startsWith('index.log'))).toEqual([]);
    // What a second listing reads from the snapshot alone is the same.
    expect(new RecordingStore(dir).list()).toEqual(listed);
  });

  it('a line torn by a crash mid-append is skipped; the entries before it and the files still list', () => {
    const { dir } = folderOf(2);
    appendFileSync(join(dir, 'index.log'), '{"id":"r1","file":"r1.js');
    expect(new RecordingStore(dir).list().map((e) => e.id)).toEqual(['r1', 'r0']);
  });

  it('a log left mid-fold by a killed process is folded by the next reader', () => {
    const { dir, store } = folderOf(2);
    renameSync(join(dir, 'index.log'), join(dir, 'index.log.999999.1.fold'));
    store.put(entry('r1', { complete: true, score: 1, passed: true, end: 'agent_finished', createdAt: '2026-12-05T08:00:01.000Z' }));
    const listed = new RecordingStore(dir).list();
    // The left-over log is older than the live one: r1's later entry wins.
    expect(listed.map((e) => [e.id, e.score])).toEqual([
      ['r1', 1],
      ['r0', 0],
    ]);
    expect(readdirSync(dir).filter((f) => f.startsWith('index.log'))).toEqual([]);
  });

  it('a log that outgrows the snapshot is folded by put itself (amortized O(1), bounded log)', () => {
    const { dir } = folderOf(40, (d) => new RecordingStore(d, 2_000));
    const log = existsSync(join(dir, 'index.log')) ? statSync(join(dir, 'index.log')).size : 0;
    const snapshot = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { recordings: IndexEntry[] };
    expect(snapshot.recordings.length).toBeGreaterThan(0);
    expect(log).toBeLessThanOrEqual(Math.max(2_000, statSync(join(dir, 'index.json')).size) + 400);
    expect(new RecordingStore(dir).list()).toHaveLength(40);
  });

  it('a file the index never heard of is read and added; a folder that cannot be written still lists', () => {
    const dir = tempDir();
    copyFileSync(GOLDEN, join(dir, 'by-hand.json'));
    expect(new RecordingStore(dir).list().map((e) => e.file)).toEqual(['by-hand.json']);
    expect((JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { recordings: IndexEntry[] }).recordings).toHaveLength(1);
  });
});
