import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';

const CLI = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const PAPER_SAMPLE = fileURLToPath(new URL('../../fixtures/verl/synthagent-verl-sample.json', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'synthagent-e2e-'));
// A server of our own, its socket in the temp folder: the test never touches anyone's tmux sessions.
const SOCKET = join(dir, 'tmux.sock');
/** The session of the running case (one per case, named after it and this process). */
let NAME = '';

function tmux(...args: string[]): string {
  const out = spawnSync('tmux', ['-S', SOCKET, ...args], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${out.stderr}`);
  return out.stdout;
}
const keys = (...k: string[]): void => void tmux('send-keys', '-t', NAME, ...k);

/** The screen, scrollback included (the transcript is written above the live part). */
const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', NAME);
/** Only the rows in view. */
const visible = (): string => tmux('capture-pane', '-p', '-J', '-t', NAME);

// Each step waits for its screen; the deadlines only catch a hang, so they are generous for a loaded machine.
async function waitFor(ok: (screen: string) => boolean, what: string, timeoutMs = 30_000, read = screen): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = read();
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the pane shows:\n${s}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const waitVisible = (ok: (screen: string) => boolean, what: string): Promise<string> => waitFor(ok, what, 30_000, visible);

/** The last row on screen that starts with `prompt ❯` (the live input line, or a form's). */
const inputLine = (s: string, prompt = 'agent'): string => s.split('\n').filter((l) => l.trimStart().replace(/^│ /, '').startsWith(`${prompt} ❯`)).at(-1) ?? '';
const countOf = (s: string, text: string): number => s.split(text).length - 1;

/** Types a line as a person would, waits until it shows in the input line, presses Enter, waits for `then`. */
async function say(line: string, then: string | ((s: string) => boolean), prompt = 'agent'): Promise<string> {
  tmux('send-keys', '-t', NAME, '-l', line);
  await waitFor((s) => inputLine(s, prompt).includes(line.slice(0, 40)), `"${line}" in the ${prompt} line`);
  keys('Enter');
  return waitFor(typeof then === 'string' ? (s) => s.includes(then) : then, `${String(then)} after sending "${line}"`);
}

/** Presses a key and waits for `then` (on the visible screen: what a key changes is in view). */
async function press(key: string, then: string): Promise<string> {
  keys(key);
  return waitVisible((s) => s.includes(then), `"${then}" after ${key}`);
}

const exitStatus = /\[exit status (\d+)\]/;

afterEach(() => {
  if (hasTmux && NAME) spawnSync('tmux', ['-S', SOCKET, 'kill-session', '-t', NAME]);
  NAME = '';
});
afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-S', SOCKET, 'kill-server']);
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs `commands` (a shell line; `synthagent` is the built CLI) in a fresh folder under `dir` in a new
 * tmux session of `cols`×`rows`; returns that folder. The shell prints the exit status after it (tmux's
 * own #{pane_dead_status} lags behind when its server was started from Node), and remain-on-exit keeps
 * the pane to read it. CI=true as on a CI runner: Ink would then draw only <Static> rows, so this also
 * checks that play draws the live screen anyway.
 */
function start(name: string, commands: string, cols = 100, rows = 30): string {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
  NAME = `synthagent-${name}-${process.pid}`;
  const cwd = join(dir, name);
  mkdirSync(cwd);
  tmux('new-session', '-d', '-s', NAME, '-x', String(cols), '-y', String(rows), shellLine(cwd, commands));
  tmux('set-option', '-t', NAME, 'remain-on-exit', 'on');
  return cwd;
}
const shellLine = (cwd: string, commands: string): string =>
  `cd '${cwd}' && synthagent() { env -u SYNTHAGENT_RECORDINGS -u NO_COLOR -u NODE_ENV CI=true node '${CLI}' "$@"; } && ${commands}; echo "[exit status $?]"`;

/** Starts `synthagent play --task travel-rebook` and waits for the agent's input line. */
async function play(name: string, cols = 100, rows = 30): Promise<string> {
  const cwd = start(name, 'synthagent play --task travel-rebook', cols, rows);
  await waitFor((s) => inputLine(s).includes('message, /call'), 'the agent input line', 60_000);
  return cwd;
}

/** Esc, y: the session ends (saved); q on the end screen: the program exits 0. Returns the end screen. */
async function endAndQuit(): Promise<string> {
  keys('Escape');
  await waitVisible((s) => s.includes('End the session now?'), 'Esc to ask first');
  keys('y');
  const end = await waitFor((s) => s.includes('recording:'), 'the end screen');
  keys('q');
  const exited = await waitFor((s) => exitStatus.test(s), 'the program to exit');
  expect(exitStatus.exec(exited)?.[1]).toBe('0');
  return end;
}

const recordingPath = (end: string): string | undefined => /recording: (recordings\/[\w.-]+\.json)/.exec(end.replace(/\s*║\s*/g, ''))?.[1];

describe(`synthagent play in a real terminal (tmux${hasTmux ? '' : ': skipped, tmux is not installed'})`, () => {
  it.skipIf(!hasTmux)('plays travel-rebook by hand to PASSED and saves a complete recording', async () => {
    const cwd = await play('rebook');
    await say('What is your booking reference?', 'reveals booking_id');
    await say('/call get_booking {"booking_id":"BK-4411"}', '"passenger":"Dana Ruiz"');
    await say('/call search_flights {"origin":"SFO","destination":"DEN","date":"2026-12-03"}', '[{"id":"UA14"');
    await say('UA14 at 11:45. Which seat would you like?', 'reveals seat');
    await say('/call rebook {"booking_id":"BK-4411","flight_id":"UA14","seat":"aisle"}', '"status":"rebooked"');
    const end = await say('/finish Done: UA14.', 'recording:');

    expect(end).toMatch(/PASSED score 1\.00/);
    expect(end).toMatch(/ended: agent finished/);
    expect(end).not.toContain('(incomplete)');
    const path = /recording: (recordings\/travel-rebook-[\w-]+\.json)/.exec(end)?.[1];
    expect(path, 'the recording path on the end screen').toBeDefined();

    keys('q');
    const exited = await waitFor((s) => exitStatus.test(s), 'the program to exit');
    expect(exitStatus.exec(exited)?.[1]).toBe('0');

    const rec = readRecording(join(cwd, path!));
    expect(rec.complete).toBe(true);
    expect(rec.result).toMatchObject({ score: 1, passed: true, end: 'agent_finished' });
    expect(rec.task.id).toBe('travel-rebook');
    expect(rec.roles).toEqual({ agent: { kind: 'human' }, user: { kind: 'sim' } });
    expect(rec.taskSource).toEqual({ bundled: 'travel-rebook' });
    expect(rec.events.filter((e) => e.type === 'tool_call').map((e) => e.type === 'tool_call' && e.tool)).toEqual(['get_booking', 'search_flights', 'rebook']);
    expect(readdirSync(join(cwd, 'recordings')).sort()).toEqual(['index.log', path!.slice('recordings/'.length)].sort());
  }, 180_000);

  it.skipIf(!hasTmux)('opens a long tool result full screen (/inspect, then the row keys), scrolls it, and a resize leaves no stale copy of the panels', async () => {
    await play('inspect', 100, 24);
    await say('/call search_flights {"origin":"SFO","destination":"DEN","date":"2026-12-03"}', '[{"id":"UA14"');

    // /inspect: the latest tool result, full screen, pretty-printed and whole; PgDn scrolls it, Esc goes back.
    const open = await say('/inspect', (s) => s.includes(' inspect event #2 ') && s.includes('"departs": "11:45"'));
    expect(open).toContain('"departs": "11:45"');
    const first = /lines 1–(\d+) of (\d+)/.exec(visible());
    expect(first, 'the inspector says which lines it shows').not.toBeNull();
    expect(Number(first![2]), 'the event is longer than the screen').toBeGreaterThan(Number(first![1]));
    keys('PageDown');
    const scrolled = await waitVisible((s) => s.includes(' inspect event #2 ') && /lines \d+–/.test(s) && !s.includes('lines 1–'), 'PgDn to scroll');
    expect(Number(/lines (\d+)–/.exec(scrolled)?.[1])).toBeGreaterThan(1);
    keys('Escape');
    await waitVisible((s) => inputLine(s).includes('message, /call') && !s.includes(' inspect event #'), 'the session again');

    // The row keys: Ctrl+↑ picks the latest row, ↑ the one before, Enter opens it, Esc back.
    await press('C-Up', 'inspect ❯ #3');
    await press('Up', 'inspect ❯ #2');
    await press('Enter', ' inspect event #2 ');
    keys('Escape');
    await waitVisible((s) => inputLine(s).includes('message, /call') && !s.includes(' inspect event #'), 'the session after the row keys');

    // A resize mid-session: the screen is drawn again at the new width, the transcript and the panels once
    // each (no copy left in the scrollback), narrower and then wider.
    for (const [cols, rows] of [
      [80, 24],
      [120, 40],
    ] as const) {
      tmux('resize-window', '-t', NAME, '-x', String(cols), '-y', String(rows));
      const resized = await waitFor(
        (s) => inputLine(s).includes('message, /call') && Math.max(...s.split('\n').map((l) => l.length)) <= cols && (cols < 100 || s.split('\n').some((l) => l.length > 100)),
        `the screen at ${cols} columns`,
      );
      expect(countOf(resized, 'Rebook a cancelled flight · travel'), `the card once at ${cols}×${rows}`).toBe(1);
      expect(countOf(resized, 'rubric score'), `the rubric once at ${cols}×${rows}`).toBe(1);
      expect(countOf(resized, '→ call     search_flights'), `the call row once at ${cols}×${rows}`).toBe(1);
      expect(countOf(resized, '← ok'), `the result row once at ${cols}×${rows}`).toBe(1);
      expect(countOf(resized, 'agent ❯'), `the input line once at ${cols}×${rows}`).toBe(1);
    }
    await endAndQuit();
  }, 180_000);

  it.skipIf(!hasTmux)('imports a paper task and plays it with no model: a person answers the simulated tool and judges; the next run answers from the cache', async () => {
    const id = '001f9c91-98c5-4179-b286-8bfee215887a';
    // No role flags: with no model for its simulated tools and judge items, the role setup opens and offers a person.
    const cwd = start('paper', `synthagent import --from synthagent-verl '${PAPER_SAMPLE}' --out tasks && synthagent play --task tasks/${id}.json`, 80, 24);
    await waitFor((s) => s.includes('Who plays the agent?'), 'the role setup', 60_000);
    await press('Enter', 'Who plays the user?');
    await press('Enter', 'This task has simulated tools.');
    expect(visible()).toMatch(/❯ human\s+you answer each new simulated call/);
    await press('Enter', 'This task has judge items.');
    expect(visible()).toMatch(/❯ human\s+at the end you decide each judge item/);
    keys('Enter');
    await waitFor((s) => inputLine(s).includes('message, /call'), 'the agent input line');
    const call = '/call SportsStatsAPI {"player_name":"Anfernee Simons","team":"POR","stat_type":"recent"}';
    const form = await say(call, 'you are the tool: answer SportsStatsAPI');
    expect(form).toContain('its result must match (outputs)');

    // An answer that does not match `outputs` is refused and stays in the line; a good one is the result.
    await say('{"average_stats":{}}', 'result does not match outputs: games', 'result');
    expect(inputLine(visible(), 'result')).toContain('{"average_stats":{}}');
    keys('C-u');
    await waitVisible((s) => /^│? *result ❯ *│?$/.test(inputLine(s, 'result').trim()), 'the result line cleared');
    const answer = '{"average_stats":{"pts_per_game":26.1},"games":[]}';
    await say(answer, (s) => s.includes('← ok') && !s.includes('you are the tool'), 'result');

    // At the end each judge item is put to the person: not met, met (each with a reason), then skips.
    const first = await say('/finish Here is the script.', 'you are the judge: item 1 of 13');
    expect(first).toContain('m met · n not met · s skip');
    await press('n', 'not met: why?');
    await say('It never called NarrativeGenerator.', 'item 2 of 13', 'reason');
    await press('m', 'met: why?');
    await say('It called SportsStatsAPI before asking who the lead guard is.', 'item 3 of 13', 'reason');
    for (let i = 4; i <= 13; i++) await press('s', `item ${i} of 13`);
    keys('s');
    const end = await waitFor((s) => s.includes('recording:') && s.includes('q quit'), 'the end screen');
    expect(end).not.toContain('FAILED score 1.00');
    const path = recordingPath(end);
    expect(path, 'the recording path on the end screen').toBeDefined();
    // The recording in the viewer, and back (this hung once: Ink read the session's freed <Static>).
    await press('v', 'step 1/');
    await press('q', 'v view the recording');
    keys('q');
    await waitFor((s) => exitStatus.test(s), 'the program to exit');

    const rec = readRecording(join(cwd, path!));
    expect(rec.events.find((e) => e.type === 'tool_result')).toMatchObject({ ok: true, result: JSON.parse(answer), via: 'simulate' });
    const verdicts = rec.events.flatMap((e) => (e.type === 'note' && e.judge ? [e.judge] : []));
    expect(verdicts.map((v) => [v.verdict, v.reason])).toEqual([
      [false, 'It never called NarrativeGenerator.'],
      [true, 'It called SportsStatsAPI before asking who the lead guard is.'],
    ]);
    expect(rec.result?.unjudged).toHaveLength(11);

    // The next run (the side given as a flag: no setup): the same call is answered from the cache, with no form.
    tmux('clear-history', '-t', NAME);
    tmux('respawn-pane', '-k', '-t', NAME, shellLine(cwd, `clear && synthagent play --task tasks/${id}.json --tools human`));
    await waitFor((s) => inputLine(s).includes('message, /call') && !exitStatus.test(s), 'the second run', 60_000);
    const again = await say(call, '← ok');
    expect(again).toContain('"pts_per_game":26.1');
    expect(again).not.toContain('you are the tool');
    await endAndQuit();
  }, 180_000);
});
