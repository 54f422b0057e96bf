import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type IndexEntry, RecordingStore } from '../../src/adapters/recording-store.js';
import { cli, useTempDirs } from '../helpers/cli.js';

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

describe('the recordings index never holds duplicates', () => {
  const snapshotOf = (dir: string): IndexEntry[] => (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { recordings: IndexEntry[] }).recordings;
  /** Each file at most once (an entry is a file's; two copies of a recording share an id). */
  const expectNoDuplicates = (entries: IndexEntry[]): void => {
    expect(entries.map((e) => e.file).length).toBe(new Set(entries.map((e) => e.file)).size);
  };

  it('one recording put again at every event, folded many times on the way: once in index.json', () => {
    const { dir, store } = folderOf(3, (d) => new RecordingStore(d, 1_000));
    for (let i = 0; i < 200; i++) store.put(entry('r1', { events: i, createdAt: '2026-12-05T08:00:01.000Z' }));
    const snapshot = snapshotOf(dir);
    expectNoDuplicates(snapshot);
    expect(snapshot.filter((e) => e.id === 'r1')).toHaveLength(1);
    expect(store.list().map((e) => e.id).sort()).toEqual(['r0', 'r1', 'r2']);
    expect(snapshotOf(dir).map((e) => e.file).sort()).toEqual(['r0.json', 'r1.json', 'r2.json']);
  });

  it('a file saved again under another id (a session run over it) replaces its entry, in the log and after a fold', () => {
    const { dir, store } = folderOf(2, (d) => new RecordingStore(d, 1_000));
    store.list();
    const rec = JSON.parse(readFileSync(join(dir, 'r1.json'), 'utf8')) as { id: string };
    rec.id = 'new-id';
    writeFileSync(join(dir, 'r1.json'), JSON.stringify(rec));
    // Puts enough to fold the log into the snapshot without a list().
    for (let i = 0; i < 20; i++) store.put(entry('new-id', { file: 'r1.json', events: i }));
    const snapshot = snapshotOf(dir);
    expectNoDuplicates(snapshot);
    expect(snapshot.filter((e) => e.file === 'r1.json').map((e) => e.id)).toEqual(['new-id']);
    expect(store.list().map((e) => e.id).sort()).toEqual(['new-id', 'r0']);
  });

  it('two copies of one recording (one id, two files) are two entries, kept as they are: a second listing rewrites nothing', () => {
    const dir = tempDir();
    copyFileSync(GOLDEN, join(dir, 'a.json'));
    copyFileSync(GOLDEN, join(dir, 'b.json'));
    const store = new RecordingStore(dir, 1_000);
    expect(store.list().map((e) => e.file).sort()).toEqual(['a.json', 'b.json']);
    const written = statSync(join(dir, 'index.json')).mtimeMs;
    expect(store.list().map((e) => e.file).sort()).toEqual(['a.json', 'b.json']);
    expect(statSync(join(dir, 'index.json')).mtimeMs).toBe(written);
    // A fold by put keeps both.
    for (let i = 0; i < 20; i++) store.put(entry('other', { events: i }));
    expect(snapshotOf(dir).map((e) => e.file).sort()).toEqual(['a.json', 'b.json', 'other.json']);
  });

  it('run, rescore --write, replay --update, fork: `recordings --json` and index.json hold each recording once', async () => {
    const cwd = tempDir();
    const ran = await cli(['run', '--task', 'travel-rebook', '--json'], cwd);
    expect(ran.code, ran.stderr).toBe(0);
    const file = (JSON.parse(ran.stdout) as { recording: string }).recording;
    for (const args of [['rescore', file, '--write'], ['replay', file, '--update'], ['recordings'], ['rescore', 'recordings', '--write'], ['replay', 'recordings', '--update']]) {
      const r = await cli(args, cwd);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const fork = await cli(['run', '--from', file, '--at', '3', '--json'], cwd);
    expect(fork.code, fork.stderr).toBe(0);
    const listed = await cli(['recordings', '--json'], cwd);
    const entries = JSON.parse(listed.stdout) as IndexEntry[];
    expect(entries).toHaveLength(2);
    expect(new Set(entries.map((e) => e.id)).size).toBe(2);
    const snapshot = snapshotOf(join(cwd, 'recordings'));
    expect(snapshot.map((e) => e.file).sort()).toEqual(entries.map((e) => e.file).sort());
  });

  it('two processes putting the same recordings at once, folding as they go: each recording once', async () => {
    const { dir } = folderOf(30);
    new RecordingStore(dir).list();
    const storeModule = fileURLToPath(new URL('../../dist/adapters/recording-store.js', import.meta.url));
    const program = `
      const { RecordingStore } = await import(${JSON.stringify(storeModule)});
      const store = new RecordingStore(${JSON.stringify(dir)}, 2000);
      const snapshot = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(join(dir, 'index.json'))}, 'utf8')).recordings;
      for (let i = 0; i < 600; i++) {
        const e = snapshot[i % snapshot.length];
        const failed = store.put({ ...e, events: i });
        if (failed) throw new Error(failed);
      }`;
    const run = (): Promise<number | null> =>
      new Promise((resolve) => spawn(process.execPath, ['--input-type=commonjs', '-e', `(async () => {${program}})().catch((e) => { console.error(e); process.exit(1); })`], { stdio: 'inherit' }).once('close', resolve));
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    expectNoDuplicates(snapshotOf(dir));
    const listed = new RecordingStore(dir).list();
    expect(listed).toHaveLength(30);
    expectNoDuplicates(snapshotOf(dir));
    expect(snapshotOf(dir)).toHaveLength(30);
  }, 30_000);
});
