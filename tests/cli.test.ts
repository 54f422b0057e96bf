import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli as runCli } from './helpers/cli.js';

const examplePath = fileURLToPath(new URL('../fixtures/tasks/travel/travel-rebook.json', import.meta.url));
const example = JSON.parse(readFileSync(examplePath, 'utf8')) as Record<string, any>;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  cwd: string;
}

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the CLI in a fresh temp dir (so recordings land there); `files` are written into it first. */
async function cli(args: string[], files: Record<string, string> = {}): Promise<Run> {
  const cwd = mkdtempSync(join(tmpdir(), 'synthagent-cli-'));
  tempDirs.push(cwd);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  const r = await runCli(args, cwd);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr, cwd };
}

/** Bad usage or input: exit 2 and exactly one `synthagent:` line on stderr, no stack trace. */
function expectUsageError(r: Run, ...mentions: string[]): void {
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^synthagent: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  for (const m of mentions) expect(lines[0]).toContain(m);
}

const taskWith = (mutate: (t: Record<string, any>) => void): string => {
  const t = structuredClone(example);
  mutate(t);
  return JSON.stringify(t, null, 2);
};

describe('synthagent --help / --version', () => {
  it('--help exits 0 and lists the commands', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(0);
    for (const command of ['run', 'validate', 'tasks', 'schema']) expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'));
  });

  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe('bad usage', () => {
  it.each<[string, string[], string]>([
    ['an unknown command', ['frobnicate'], 'frobnicate'],
    ['an unknown top-level flag', ['--frobnicate'], '--frobnicate'],
    ['an unknown flag of a command', ['run', '--task', 'travel-rebook', '--frobnicate'], '--frobnicate'],
    ['run without --task', ['run'], '--task'],
    ['a flag without its value', ['run', '--task'], 'task'],
    ['an unknown agent role', ['run', '--task', 'travel-rebook', '--agent', 'wizard'], 'wizard'],
    ['validate with no files', ['validate'], 'validate'],
    ['an argument a command does not take', ['tasks', '--json', 'extra'], 'unexpected argument "extra"'],
    ['a second recording for show', ['show', 'a.json', 'b.json'], 'unexpected argument "b.json"'],
    ['an argument after --version', ['--version', 'extra'], 'unexpected argument "extra"'],
    ['--from with --task', ['run', '--from', 'rec.json', '--task', 'travel-rebook'], '--from and --task exclude each other'],
    ['a negative number for a flag (said by the command, not "ambiguous")', ['synth', '--offline', '--seed', 's', '--n', '-1', '--out', 'x'], 'synth: --n -1: must be a whole number from 1 to 10000'],
    ['a fraction of a retry', ['run', '--task', 'travel-rebook', '--retries', '1.5'], 'run: --retries 1.5: must be a whole number from 0 to 100'],
    ['a negative number of retries', ['run', '--task', 'travel-rebook', '--retries', '-1'], '--retries -1: must be a whole number'],
    ['play with an agent script that is not there (said before any screen opens)', ['play', '--task', 'travel-rebook', '--agent', 'script:missing.json'], 'missing.json: cannot read'],
    ['play with a task that is not there', ['play', '--task', 'no-such-task'], 'unknown task "no-such-task"'],
    ['play without a terminal', ['play', '--task', 'travel-rebook'], 'needs an interactive terminal'],
    ['a flag followed by another flag instead of its value', ['run', '--task', '--json'], '--task needs a value'],
    ['an empty --record', ['run', '--task', 'travel-rebook', '--record', ''], '--record needs a file name'],
    ['--record with --no-record', ['run', '--task', 'travel-rebook', '--record', 'x.json', '--no-record'], '--record and --no-record exclude each other'],
    ['a --record folder under /proc (Node 20 spun forever making it)', ['run', '--task', 'travel-rebook', '--record', '/proc/synthagent-x/y.json'], 'nothing was run'],
    ['a timeout of 0 seconds', ['run', '--task', 'travel-rebook', '--timeout', '0'], 'run: --timeout 0: must be a number of seconds > 0'],
    // Numbers are decimal and bounded: one shape of message for every bad value (src/cli-flags.ts).
    ['a hexadecimal --trials', ['run', '--tasks', 'travel-*', '--trials', '0x10'], 'run: --trials 0x10: must be a whole number from 1 to 1000'],
    ['a --trials that would not fit in memory', ['run', '--tasks', 'travel-*', '--trials', '100000000'], 'run: --trials 100000000: must be a whole number from 1 to 1000'],
    ['a --concurrency past its bound', ['run', '--tasks', 'travel-*', '--concurrency', '65'], 'run: --concurrency 65: must be a whole number from 1 to 64'],
    ["a --timeout longer than Node's timers hold", ['run', '--task', 'travel-rebook', '--timeout', '3000000'], 'run: --timeout 3000000: must be a number of seconds > 0 and at most 2147483'],
    ['a --timeout in exponent notation', ['run', '--task', 'travel-rebook', '--timeout', '1e3'], 'run: --timeout 1e3: must be a number of seconds'],
    ['an empty --timeout', ['run', '--task', 'travel-rebook', '--timeout='], 'run: --timeout "": must be a number of seconds'],
    ['a hexadecimal --retries', ['run', '--task', 'travel-rebook', '--retries', '0x1'], 'run: --retries 0x1: must be a whole number from 0 to 100'],
    ['a --n of a teacher synth past its bound', ['synth', '--model', 'm', '--n', '10001', '--out', 'x'], 'synth: --n 10001: must be a whole number from 1 to 10000'],
    ['a --n of 0 for the teacher', ['synth', '--model', 'm', '--n', '0', '--out', 'x'], 'synth: --n 0: must be a whole number from 1 to 10000'],
    ['a --min-score in exponent notation', ['export', 'x.json', '--format', 'verl', '--min-score', '1e-1'], 'export: --min-score 1e-1: must be a number from 0 to 1'],
  ])('%s → exit 2, one line', async (_name, args, mention) => {
    expectUsageError(await cli(args), mention);
  });
});

// Every numeric flag of every command: decimal digits only, within bounds, and a bad value is exactly
// `synthagent: COMMAND: --FLAG VALUE: must be RULE` (exit 2).
describe('numeric flags: decimal, bounded, one line of one shape', () => {
  const rec = { 'rec.json': readFileSync(fileURLToPath(new URL('../fixtures/golden/travel-rebook/reference.json', import.meta.url)), 'utf8') };
  const TIMEOUT = 'must be a number of seconds > 0 and at most 2147483';
  it.each<[string[], string]>([
    [['run', '--tasks', 'travel-*', '--trials=-1'], 'run: --trials -1: must be a whole number from 1 to 1000'],
    [['run', '--tasks', 'travel-*', '--trials', '1e3'], 'run: --trials 1e3: must be a whole number from 1 to 1000'],
    [['run', '--tasks', 'travel-*', '--trials', '５'], 'run: --trials ５: must be a whole number from 1 to 1000'],
    [['run', '--tasks', 'travel-*', '--concurrency', '0x4'], 'run: --concurrency 0x4: must be a whole number from 1 to 64'],
    [['run', '--tasks', 'travel-*', '--concurrency', '0'], 'run: --concurrency 0: must be a whole number from 1 to 64'],
    [['run', '--task', 'travel-rebook', '--timeout=-5'], `run: --timeout -5: ${TIMEOUT}`],
    [['run', '--task', 'travel-rebook', '--timeout', 'Infinity'], `run: --timeout Infinity: ${TIMEOUT}`],
    [['run', '--task', 'travel-rebook', '--retries', '101'], 'run: --retries 101: must be a whole number from 0 to 100'],
    [['run', '--task', 'travel-rebook', '--tool-temperature', '1e0'], 'run: --tool-temperature 1e0: must be a number from 0 to 2'],
    [['run', '--task', 'travel-rebook', '--tool-temperature', '2.5'], 'run: --tool-temperature 2.5: must be a number from 0 to 2'],
    [['run', '--from', 'rec.json', '--at', '0x3', '--no-record'], 'run: --at 0x3: must be a seq from 0 to 17 in rec.json'],
    [['run', '--from', 'rec.json', '--at', '1e1', '--no-record'], 'run: --at 1e1: must be a seq from 0 to 17 in rec.json'],
    [['run', '--from', 'rec.json', '--at=-1', '--no-record'], 'run: --at -1: must be a seq from 0 to 17 in rec.json'],
    [['run', '--from', 'rec.json', '--at=', '--no-record'], 'run: --at "": must be a seq from 0 to 17 in rec.json'],
    [['play', '--from', 'rec.json', '--at', '18'], 'play: --at 18: must be a seq from 0 to 17 in rec.json'],
    [['play', '--pace', '1e3'], 'play: --pace 1e3: must be a whole number from 0 to 60000'],
    [['play', '--pace', '60001'], 'play: --pace 60001: must be a whole number from 0 to 60000'],
    [['play', '--agent', 'mcp', '--task', 'travel-rebook', '--port', '0x50'], 'play: --port 0x50: must be a whole number from 0 to 65535'],
    [['view', 'rec.json', '--timeout', '3000000'], `view: --timeout 3000000: ${TIMEOUT}`],
    [['serve', '--http', '--port', '99999'], 'serve: --port 99999: must be a whole number from 0 to 65535'],
    [['serve', '--http', '--idle', '1e3'], 'serve: --idle 1e3: must be a whole number from 1 to 2147483'],
    [['serve', '--http', '--max-sessions=-5'], 'serve: --max-sessions -5: must be a whole number from 1 to 100000'],
    [['synth', '--offline', '--seed', 's', '--n', '0x10', '--out', 'x'], 'synth: --n 0x10: must be a whole number from 1 to 10000'],
    [['audit', 'rec.json', '--timeout', '0.0'], `audit: --timeout 0.0: ${TIMEOUT}`],
    [['audit', 'rec.json', '--retries', '1.0'], 'audit: --retries 1.0: must be a whole number from 0 to 100'],
    [['export', 'rec.json', '--format', 'verl', '--min-score', '-0.5'], 'export: --min-score -0.5: must be a number from 0 to 1'],
  ])('%j', async (args, line) => {
    const r = await cli(args, rec);
    expectUsageError(r);
    expect(r.stderr).toBe(`synthagent: ${line}\n`);
  });
});

describe('synthagent run', () => {
  it('a --record path that cannot be created → exit 2, one line, before anything runs', async () => {
    const r = await cli(['run', '--task', 'travel-rebook', '--record', 'a-file/rec.json'], { 'a-file': 'not a folder' });
    expectUsageError(r, 'a-file/rec.json', 'nothing was run');
    expect(r.stdout).toBe('');
  });

  it('runs the bundled reference with --json and saves a complete recording', async () => {
    const r = await cli(['run', '--task', 'travel-rebook', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out).toMatchObject({ task: 'travel-rebook', score: 1, passed: true, end: 'agent_finished' });
    expect(out.turns).toBeGreaterThan(0);
    expect(out.toolCalls).toBe(3);
    expect(out.hits.map((h: { item: string }) => h.item).sort()).toEqual(['asks-booking', 'asks-seat', 'confirms', 'looks-up', 'rebooked', 'searches']);
    for (const hit of out.hits) expect(hit).toEqual({ item: expect.any(String), kind: expect.stringMatching(/^(subgoal|interaction)$/), seq: expect.any(Number) });

    expect(typeof out.recording).toBe('string');
    const file = join(r.cwd, out.recording);
    expect(existsSync(file)).toBe(true);
    const rec = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
    expect(rec).toMatchObject({ format: 'synthagent.recording/1', complete: true, result: { score: 1, passed: true, end: 'agent_finished' } });
    expect(rec.task.id).toBe('travel-rebook');
    expect(rec.events.map((e: { seq: number }) => e.seq)).toEqual(rec.events.map((_: unknown, i: number) => i));
    expect(rec.events.at(-1)).toMatchObject({ type: 'end', reason: 'agent_finished' });
    // Each hit's seq is the seq of its rubric_hit event in the recording.
    for (const hit of out.hits) expect(rec.events[hit.seq]).toMatchObject({ type: 'rubric_hit', item: hit.item });
  });

  it('prints the transcript and the rubric table as text', async () => {
    const r = await cli(['run', '--task', 'travel-rebook', '--no-record']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('score 1.00');
    expect(r.stdout).toContain('PASSED');
    expect(r.stdout).toMatch(/^rebooked\s+subgoal\s+satisfied/m);
    expect(r.stdout).toMatch(/^no-cancel\s+forbidden\s+clear/m);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('runs a task file given by path', async () => {
    const r = await cli(['run', '--task', 'mine.json', '--json', '--no-record'], { 'mine.json': taskWith((t) => void (t.title = 'Mine')) });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ task: 'travel-rebook', score: 1, recording: null });
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['invalid JSON', { 'task.json': '{"format": "synthagent.task/1",\n  id: 1}' }, ['task.json', 'invalid JSON', 'line 2']],
    ['an empty file', { 'task.json': '' }, ['task.json', 'invalid JSON']],
    ['an unknown fact in the rubric', { 'task.json': taskWith((t) => void (t.rubric[0].check.fact = 'dob')) }, ['task.json', 'rubric[0].check.fact', 'unknown fact "dob"']],
    ['a fact value in the instruction', { 'task.json': taskWith((t) => void (t.instruction = 'Move BK-4411 please.')) }, ['task.json', 'instruction']],
    ['a task file that is not an object', { 'task.json': '[]' }, ['task.json']],
  ])('rejects a task file with %s → exit 2 naming the file and path', async (_name, files, mentions) => {
    expectUsageError(await cli(['run', '--task', 'task.json'], files), ...mentions);
  });

  // Regression (fixed): on Node 20 JSON.parse's "Unexpected token" message has no "at position N" but quotes the
  // source around the error, raw newlines included; readJsonFile passes it through, so the error
  // spans two lines of stderr (and gives no line/column).
  it('rejects a task file with an unexpected token on line 2 in one line', async () => {
    expectUsageError(await cli(['run', '--task', 'task.json'], { 'task.json': '{"format": "synthagent.task/1",\n  "id": }' }), 'task.json', 'invalid JSON');
  });

  it.each<[string, string]>([
    ['a missing file', 'missing.json'],
    ['an unknown bundled id', 'no-such-task'],
  ])('rejects %s → exit 2', async (_name, ref) => {
    expectUsageError(await cli(['run', '--task', ref]), ref);
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['a step that is not a step', { 'agent.json': '[{"say": "hi"}, {"shout": "hi"}]' }, ['agent.json', '[1]']],
    ['invalid JSON', { 'agent.json': '[{"say": ' }, ['agent.json', 'invalid JSON']],
    ['not an array', { 'agent.json': '{"say": "hi"}' }, ['agent.json']],
  ])('rejects an agent script with %s → exit 2 naming the file', async (_name, files, mentions) => {
    expectUsageError(await cli(['run', '--task', 'travel-rebook', '--agent', 'script:agent.json'], files), ...mentions);
  });

  it('rejects a missing agent script → exit 2 naming the file', async () => {
    expectUsageError(await cli(['run', '--task', 'travel-rebook', '--agent', 'script:nowhere.json']), 'nowhere.json');
  });

  it.each<[string, string, string]>([
    ['args that are not an object', '[{"say":"hi?"},{"call":"get_booking","args":[1]}]', 'script.json: [1].args: Invalid input: expected record, received array'],
    ['a misspelled key in a call step', '[{"call":"get_booking","agrs":{}}]', 'script.json: [0]: Unrecognized key: "agrs"'],
  ])('an agent script step with %s is judged as the step it means to be', async (_what, script, line) => {
    const r = await cli(['run', '--task', 'travel-rebook', '--agent', 'script:script.json', '--no-record'], { 'script.json': script });
    expectUsageError(r, line);
  });

  it('runs an agent script (exit 0 whatever the score)', async () => {
    const r = await cli(['run', '--task', 'travel-rebook', '--agent', 'script:agent.json', '--json', '--no-record'], {
      'agent.json': JSON.stringify([{ call: 'cancel_booking', args: { booking_id: 'BK-4411' } }, { finish: 'Cancelled.' }]),
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out).toMatchObject({ score: 0, passed: false, end: 'agent_finished', toolCalls: 1 });
    expect(out.hits).toContainEqual(expect.objectContaining({ item: 'no-cancel', kind: 'forbidden' }));
  });
});

describe('synthagent validate', () => {
  it('accepts a good file → exit 0', async () => {
    const r = await cli(['validate', examplePath]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(examplePath);
  });

  it('reports every problem of an invalid task as `file: path: message` → exit 1', async () => {
    const r = await cli(['validate', 'bad.json'], {
      'bad.json': taskWith((t) => {
        t.rubric[0].check.fact = 'dob';
        t.rubric[2].check.tool = 'nope';
      }),
    });
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toEqual(['bad.json: rubric[0].check.fact: unknown fact "dob"', 'bad.json: rubric[2].check.tool: unknown tool "nope"']);
  });

  it('refuses a task whose reference does not reach score 1 (SPEC §1), saying what it missed → exit 1', async () => {
    const r = await cli(['validate', 'lazy.json'], {
      'lazy.json': taskWith((t) => {
        t.reference = [{ call: 'cancel_booking', args: { booking_id: 'BK-4411' } }, { finish: 'Done.' }];
      }),
    });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines[0]).toBe('lazy.json: reference: scores 0.00 against the rule simulator, and must reach 1');
    expect(lines).toContainEqual(expect.stringMatching(/^lazy\.json: reference: forbidden item "no-cancel" .* was triggered by the reference at event \d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^lazy\.json: reference: subgoal item "looks-up" .* is not satisfied by the reference$/));
  });

  it('counts a file that is not JSON as invalid → exit 1', async () => {
    const r = await cli(['validate', 'good.json', 'broken.json'], { 'good.json': taskWith(() => {}), 'broken.json': '{' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^broken\.json: invalid JSON/m);
    expect(r.stdout).toContain('good.json');
  });

  it('fails with exit 2 on a missing file', async () => {
    const r = await cli(['validate', 'missing.json']);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toContain('missing.json');
  });
});

describe('synthagent tasks / schema', () => {
  it('tasks --json lists the bundled tasks with id, title and domain', async () => {
    const r = await cli(['tasks', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toContainEqual(expect.objectContaining({ id: 'travel-rebook', title: example.title, domain: 'travel' }));
    for (const row of rows) expect(row).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), domain: expect.any(String) }));
  });

  it('schema task prints a JSON Schema of the task', async () => {
    const r = await cli(['schema', 'task']);
    expect(r.status, r.stderr).toBe(0);
    const schema = JSON.parse(r.stdout) as Record<string, any>;
    expect(schema.type).toBe('object');
    expect(schema.properties.rubric).toBeDefined();
    expect(schema.properties.format).toMatchObject({ const: 'synthagent.task/1' });
  });

  it('schema recording prints a JSON Schema of the recording', async () => {
    const r = await cli(['schema', 'recording']);
    expect(r.status, r.stderr).toBe(0);
    expect(Object.keys((JSON.parse(r.stdout) as { properties: object }).properties)).toEqual(
      expect.arrayContaining(['format', 'task', 'events', 'result', 'complete']),
    );
  });

  it.each<[string, string[]]>([
    ['an unknown schema', ['schema', 'nope']],
    ['no schema name', ['schema']],
  ])('%s → exit 2', async (_name, args) => {
    expectUsageError(await cli(args), 'schema');
  });
});
