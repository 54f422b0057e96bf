import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../src/adapters/recording-store.js';
import type { Recording } from '../../src/domain/recording.js';
import { cli as runCli } from '../helpers/cli.js';

// The recorder commands end to end, through the CLI's main(argv, io) in this process:
// run → recordings → replay → rescore → fork → show → diff, each in a fresh temp dir.
const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const TASK = fixture('tasks/travel/travel-rebook.json');
const GUESS_SCRIPT = fixture('scripts/travel-rebook/guess.json');
const GOLDEN = fixture('golden/travel-rebook/guess.json');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'synthagent-rec-'));
  tempDirs.push(dir);
  return dir;
}

async function cli(cwd: string, ...args: string[]): Promise<Run> {
  const r = await runCli(args, cwd);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

function expectExit(r: Run, code: number): void {
  expect(r.status, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(code);
}

/** Bad usage or input: exit 2, one line on stderr naming what was wrong, no stack trace. */
function expectOneLineError(r: Run, ...mentions: string[]): void {
  expectExit(r, 2);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  for (const m of mentions) expect(lines[0]).toContain(m);
}

const readRec = (dir: string, file: string): Recording => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Recording;

function editTask(dir: string, mutate: (task: Record<string, any>) => void): void {
  const task = JSON.parse(readFileSync(join(dir, 'task.json'), 'utf8')) as Record<string, any>;
  mutate(task);
  writeFileSync(join(dir, 'task.json'), JSON.stringify(task, null, 2));
}

const moveFlight = (t: Record<string, any>): void => void (t.world.flights[1].departs = '12:00');
const breakConfirms = (t: Record<string, any>): void => void (t.rubric.find((r: { id: string }) => r.id === 'confirms').check.pattern = 'UA 99');

// One reference recording of a local task file, made once; each test works on its own copy of the pair
// (the recording names its task relative to itself, so the copy replays against the copied task).
let seed = '';
beforeAll(async () => {
  seed = tempDir();
  copyFileSync(TASK, join(seed, 'task.json'));
  expectExit(await cli(seed, 'run', '--task', './task.json', '--record', 'rec.json'), 0);
});

function workspace(): string {
  const dir = tempDir();
  for (const name of ['task.json', 'rec.json']) copyFileSync(join(seed, name), join(dir, name));
  return dir;
}

describe('run saves into recordings/, and recordings lists them', () => {
  it('lists a run and a file dropped in by hand, as JSON and as text', async () => {
    const dir = tempDir();
    const run = await cli(dir, 'run', '--task', 'travel-rebook', '--json');
    expectExit(run, 0);
    const saved = (JSON.parse(run.stdout) as { recording: string }).recording;
    expect(saved).toMatch(/^recordings[/\\]travel-rebook-.*\.json$/);
    // A run appends its entry to the index's log (O(1) per session; `recordings` folds it into index.json).
    const index = readFileSync(join(dir, 'recordings', 'index.log'), 'utf8');
    expect(index).toContain(saved.replace(/^recordings[/\\]/, ''));
    copyFileSync(GOLDEN, join(dir, 'recordings', 'by-hand.json'));
    expect(index).not.toContain('by-hand.json');

    const json = await cli(dir, 'recordings', '--json');
    expectExit(json, 0);
    const entries = JSON.parse(json.stdout) as IndexEntry[];
    expect(entries).toHaveLength(2);
    expect(entries).toContainEqual(
      expect.objectContaining({ file: saved.replace(/^recordings[/\\]/, ''), task: 'travel-rebook', agent: 'reference', user: 'sim', score: 1, passed: true, complete: true }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ file: 'by-hand.json', task: 'travel-rebook', agent: 'script', score: 0, complete: true }));

    const text = await cli(dir, 'recordings');
    expectExit(text, 0);
    expect(text.stdout).toMatch(new RegExp(`travel-rebook\\s+reference/sim\\s+1\\.00\\s+agent_finished\\s+${saved.replace(/[.\\]/g, '\\$&')}`));
    expect(text.stdout).toMatch(/travel-rebook\s+script\/sim\s+0\.00\s+agent_finished\s+recordings\/by-hand\.json/);
    expect(text.stdout).toContain('2 recordings');
  });
});

describe('replay', () => {
  it('a fresh recording replays clean with --check', async () => {
    const dir = workspace();
    const r = await cli(dir, 'replay', 'rec.json', '--check');
    expectExit(r, 0);
    expect(r.stdout).toContain('✓ rec.json');
    expect(r.stdout).toContain('1 recording: 1 ok, 0 drifted');
  });

  it('reports drift in the task world without touching the file; --update accepts it', async () => {
    const dir = workspace();
    editTask(dir, moveFlight);
    const before = readFileSync(join(dir, 'rec.json'));

    const text = await cli(dir, 'replay', 'rec.json');
    expectExit(text, 1);
    expect(text.stdout).toMatch(/rec\.json: drift at seq 8 \(tool_result\)/);
    expect(text.stdout).toContain('result[0].departs: expected "11:45", got "12:00"');
    expect(text.stdout).toContain('1 recording: 0 ok, 1 drifted');

    const json = await cli(dir, 'replay', 'rec.json', '--json');
    expectExit(json, 1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      recordings: [{ file: 'rec.json', ok: false, divergence: { seq: 8, type: 'tool_result', diffs: [{ path: 'result[0].departs', expected: '11:45', actual: '12:00' }] } }],
      ok: 0,
      drifted: 1,
    });
    expect(readFileSync(join(dir, 'rec.json')).equals(before)).toBe(true);

    const update = await cli(dir, 'replay', 'rec.json', '--update');
    expectExit(update, 0);
    expect(update.stdout).toMatch(/updated\s+rec\.json/);
    expect(readRec(dir, 'rec.json').events[8]).toMatchObject({ type: 'tool_result', result: [{ id: 'UA14', departs: '12:00' }] });
    const again = await cli(dir, 'replay', 'rec.json');
    expectExit(again, 0);
    expect(again.stdout).toContain('1 recording: 1 ok, 0 drifted');
  });

  it('a rubric change: the drift names the two kinds of event, --update says old → new score', async () => {
    const dir = workspace();
    editTask(dir, breakConfirms);
    const text = await cli(dir, 'replay', 'rec.json');
    expectExit(text, 1);
    expect(text.stdout).toMatch(/rec\.json: drift at seq \d+ \(rubric_hit\)\n {4}expected rubric_hit \{"item":"confirms",.*\n {4}got {6}user_message \{"text":/);
    const update = await cli(dir, 'replay', 'rec.json', '--update');
    expectExit(update, 0);
    expect(update.stdout).toMatch(/updated\s+rec\.json {2}\(score 1\.00 → 0\.\d\d\)/);
  });

  it('a rubric item that nothing satisfies changes no event but the result: that is drift too', async () => {
    const dir = workspace();
    editTask(dir, (t) => void t.rubric.push({ id: 'new', kind: 'subgoal', description: 'new', check: { type: 'said', pattern: 'zzz-never' } }));
    const text = await cli(dir, 'replay', 'rec.json');
    expectExit(text, 1);
    expect(text.stdout).toContain('rec.json: drift in the result (the events are the same)');
    expect(text.stdout).toMatch(/result\.score: expected 1, got 0\.9/);
    const update = await cli(dir, 'replay', 'rec.json', '--update');
    expect(update.stdout).toMatch(/updated\s+rec\.json {2}\(score 1\.00 → 0\.9\d\)/);
    expectExit(await cli(dir, 'replay', 'rec.json'), 0);
  });

  it('a file that is not a recording → exit 2, one stderr line naming it', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'garbage.json'), 'not json {');
    const r = await cli(dir, 'replay', 'rec.json', 'garbage.json');
    expectOneLineError(r, 'garbage.json');
    expect(r.stdout).toContain('✓ rec.json');
    expect(r.stdout).toContain('2 recordings: 1 ok, 0 drifted, 1 unreadable');
  });

  it('--check with --update → exit 2', async () => {
    expectOneLineError(await cli(workspace(), 'replay', 'rec.json', '--check', '--update'), '--check', '--update');
  });

  it('a folder replays every *.json in it (nested, index.json left out)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'set', 'sub'), { recursive: true });
    copyFileSync(GOLDEN, join(dir, 'set', 'guess.json'));
    copyFileSync(fixture('golden/travel-rebook/reference.json'), join(dir, 'set', 'sub', 'reference.json'));
    writeFileSync(join(dir, 'set', 'index.json'), '{"format": "synthagent.index/1", "recordings": []}');
    writeFileSync(join(dir, 'set', 'notes.txt'), 'not a recording');
    const r = await cli(dir, 'replay', 'set');
    expectExit(r, 0);
    expect(r.stdout).toContain('✓ set/guess.json');
    expect(r.stdout).toContain('✓ set/sub/reference.json');
    expect(r.stdout).toContain('2 recordings: 2 ok, 0 drifted');
  });
});

describe('rescore', () => {
  it("re-runs today's rubric; only --write changes the file", async () => {
    const dir = workspace();
    editTask(dir, breakConfirms);
    const before = readFileSync(join(dir, 'rec.json'));

    const dry = await cli(dir, 'rescore', 'rec.json');
    expectExit(dry, 0);
    expect(dry.stdout).toContain('rec.json: paper 1.00 → 0.');
    expect(dry.stdout).toContain('-confirms');
    expect(dry.stdout).not.toContain('[written]');
    expect(readFileSync(join(dir, 'rec.json')).equals(before)).toBe(true);

    const write = await cli(dir, 'rescore', 'rec.json', '--write');
    expectExit(write, 0);
    expect(write.stdout).toContain('[written]');
    const rec = readRec(dir, 'rec.json');
    expect(rec.result).toMatchObject({ passed: false });
    expect(rec.result?.score).toBeLessThan(1);
    expect(rec.result?.hits.map((h) => h.item)).not.toContain('confirms');
    expect(rec.events.some((e) => e.type === 'rubric_hit' && e.item === 'confirms')).toBe(false);
    expect(rec.rescored).toEqual([{ at: expect.any(String), from: { score: 1, passed: true }, to: { score: rec.result?.score, passed: false }, changes: ['-confirms'] }]);
    // What the roles did is kept as it was.
    expect(rec.events.filter((e) => e.type !== 'rubric_hit')).toEqual(
      readRec(seed, 'rec.json').events.filter((e) => e.type !== 'rubric_hit').map(({ seq: _seq, ...e }) => expect.objectContaining(e)),
    );
  });

  it('recordings lists the new score after rescore --write', async () => {
    const dir = tempDir();
    copyFileSync(TASK, join(dir, 'task.json'));
    const run = await cli(dir, 'run', '--task', './task.json', '--json');
    expectExit(run, 0);
    const saved = (JSON.parse(run.stdout) as { recording: string }).recording;
    const listed = async (): Promise<IndexEntry[]> => JSON.parse((await cli(dir, 'recordings', '--json')).stdout) as IndexEntry[];
    expect((await listed()).map((e) => e.score)).toEqual([1]);
    editTask(dir, breakConfirms);
    expectExit(await cli(dir, 'rescore', saved, '--write'), 0);
    const [entry] = await listed();
    expect(entry?.score).toBeLessThan(1);
    expect(entry?.passed).toBe(false);
  });

  it('an unchanged task keeps its score', async () => {
    const r = await cli(workspace(), 'rescore', 'rec.json');
    expectExit(r, 0);
    expect(r.stdout).toContain('rec.json: paper 1.00 → 1.00 passed');
  });
});

describe('fork (run --from REC --at SEQ)', () => {
  const agentScript = JSON.stringify([{ call: 'get_booking', args: { booking_id: 'BK-4411' } }, { finish: 'Looked it up.' }]);

  it('starts from the parent events up to SEQ, then goes on with the new agent', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'agent.json'), agentScript);
    const r = await cli(dir, 'run', '--from', 'rec.json', '--at', '3', '--agent', 'script:agent.json', '--json');
    expectExit(r, 0);
    const out = JSON.parse(r.stdout) as { recording: string; end: string; toolCalls: number };
    expect(out).toMatchObject({ end: 'agent_finished', toolCalls: 1 });
    const parent = readRec(dir, 'rec.json');
    const fork = readRec(dir, out.recording);
    expect(fork.parent).toMatchObject({ id: parent.id, at: 3 });
    expect(fork.id).not.toBe(parent.id);
    expect(fork.roles.agent.kind).toBe('script');
    expect(fork.events.slice(0, 4)).toEqual(parent.events.filter((e) => e.seq <= 3));
    expect(fork.events[4]).toMatchObject({ seq: 4, type: 'tool_call', tool: 'get_booking' });
    expect(fork.events.at(-1)).toMatchObject({ type: 'end', reason: 'agent_finished' });
    expect(fork.complete).toBe(true);
  });

  // Regression (fixed): the fork copies the parent's taskSource ({file: "task.json"}, relative to rec.json) verbatim,
  // but is saved in recordings/, where that path means recordings/task.json; replay then falls back to
  // the stored task ("task source not found") and misses any drift in ./task.json.
  it('the reference agent in a fork goes on from its next step, not from its first', async () => {
    const dir = workspace();
    const r = await cli(dir, 'run', '--from', 'rec.json', '--at', '8', '--record', 'fork.json');
    expectExit(r, 0);
    const fork = readRec(dir, 'fork.json');
    const questions = fork.events.filter((e) => e.type === 'agent_message' && e.text.includes('booking reference'));
    expect(questions).toHaveLength(1);
    expect(fork.result).toMatchObject({ score: 1, passed: true, end: 'agent_finished' });
  });

  it('a fork saved in another folder still finds its task', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'agent.json'), agentScript);
    const r = await cli(dir, 'run', '--from', 'rec.json', '--at', '3', '--agent', 'script:agent.json', '--json');
    expectExit(r, 0);
    const replay = await cli(dir, 'replay', (JSON.parse(r.stdout) as { recording: string }).recording);
    expectExit(replay, 0);
    expect(replay.stdout).not.toContain('task source not found');
  });

  it.each<[string, string[], string]>([
    ['--at past the last event', ['--from', 'rec.json', '--at', '999'], 'must be a seq from 0 to 17'],
    ['--at that is not a number', ['--from', 'rec.json', '--at', 'x'], '--at x'],
    ['--at in hexadecimal (decimal only)', ['--from', 'rec.json', '--at', '0x3'], 'run: --at 0x3: must be a seq from 0 to 17'],
    ['--at without --from', ['--task', './task.json', '--at', '3'], '--at needs --from'],
    ['--from a file that is not there', ['--from', 'missing.json'], 'missing.json'],
  ])('%s → exit 2', async (_name, args, mention) => {
    expectOneLineError(await cli(workspace(), 'run', ...args, '--no-record'), mention);
  });

  // Regression (fixed): SessionLog.restore loads the prefix without earning hits and without finishing a tool call, so
  // a cut right after an event that earned a hit (seq 2, a reveal) records that hit late, after the next
  // new event and with the wrong `at`; a cut at a tool_call (seq 4) leaves the call without a result.
  // Either way the fresh fork drifts when replayed.
  it.each([2, 4])('a fork cut at seq %i is a well-formed log that replays clean', async (at) => {
    const dir = workspace();
    writeFileSync(join(dir, 'agent.json'), agentScript);
    expectExit(await cli(dir, 'run', '--from', 'rec.json', '--at', String(at), '--agent', 'script:agent.json', '--record', 'fork.json'), 0);
    const fork = readRec(dir, 'fork.json');
    const calls = fork.events.filter((e) => e.type === 'tool_call').map((e) => e.callId);
    const results = fork.events.filter((e) => e.type === 'tool_result').map((e) => e.callId);
    expect(results).toEqual(calls);
    const parentHit = readRec(dir, 'rec.json').events.find((e) => e.type === 'rubric_hit' && e.at === at);
    if (parentHit) expect(fork.events[at + 1]).toEqual(parentHit);
    expectExit(await cli(dir, 'replay', 'fork.json'), 0);
  });
});

describe('show', () => {
  it('prints the transcript as text and as Markdown; another format → exit 2', async () => {
    const dir = workspace();
    const text = await cli(dir, 'show', 'rec.json');
    expectExit(text, 0);
    expect(text.stdout).toMatch(/^Rebook a cancelled flight\s+\(travel-rebook\)\s+agent reference, user sim/);
    expect(text.stdout).toMatch(/^\s+2 user\s+It's BK-4411\.\s+\[reveals booking_id\]$/m);
    expect(text.stdout).toMatch(/^\s+4 call\s+get_booking \{"booking_id":"BK-4411"\}$/m);
    expect(text.stdout).toContain('score 1.00');

    const md = await cli(dir, 'show', 'rec.json', '--format', 'md');
    expectExit(md, 0);
    expect(md.stdout.startsWith('# Rebook a cancelled flight')).toBe(true);
    expect(md.stdout).toContain('\n## Transcript\n');
    expect(md.stdout).toContain('\n## Rubric\n');
    expect(md.stdout).toMatch(/^4\. .*`get_booking\(\{"booking_id":"BK-4411"\}\)`$/m);
    expect(md.stdout).toMatch(/^2\. \*\*user\*\* · It's BK-4411\. .*reveals booking_id/m);
    expect(md.stdout).toMatch(/^3\. .*\*\*hit\*\* `asks-booking` \(interaction\)$/m);
    expect(md.stdout).toContain('| `no-cancel` | forbidden | clear |');

    expectOneLineError(await cli(dir, 'show', 'rec.json', '--format', 'xml'), 'xml');
  });
});

describe('diff', () => {
  it('shows where two plays of one task part, and their hits and scores', async () => {
    const dir = workspace();
    expectExit(await cli(dir, 'run', '--task', './task.json', '--agent', `script:${GUESS_SCRIPT}`, '--record', 'guess.json'), 0);
    const r = await cli(dir, 'diff', 'rec.json', 'guess.json');
    expectExit(r, 0);
    expect(r.stdout).toContain('first divergence at seq 1 (agent_message)');
    expect(r.stdout).toMatch(/^hits only in A: asks-booking$/m);
    expect(r.stdout).toMatch(/^hits only in B: no-guess-booking$/m);
    expect(r.stdout).toMatch(/^score: A 1\.00, B 0\.00 \(-1\.00\)$/m);
  });

  it('a recording against itself: the same logs, no hit differences', async () => {
    const r = await cli(workspace(), 'diff', 'rec.json', 'rec.json');
    expectExit(r, 0);
    expect(r.stdout).toContain('the two logs are the same event by event');
    expect(r.stdout).not.toContain('first divergence');
    expect(r.stdout).toMatch(/^hits only in A: —$/m);
    expect(r.stdout).toMatch(/^score: A 1\.00, B 1\.00 \(\+0\.00\)$/m);
  });

  it.each<[string, string[], string]>([
    ['recordings of different tasks', ['rec.json', fixture('golden/travel-hotel-extend/reference.json')], 'travel-hotel-extend'],
    ['one recording', ['rec.json'], 'two recordings'],
  ])('%s → exit 2', async (_name, args, mention) => {
    expectOneLineError(await cli(workspace(), 'diff', ...args), mention);
  });
});
