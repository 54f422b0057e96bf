import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';

const CLI = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'synthagent-e2e-'));
// A server of our own, its socket in the temp folder: the test never touches anyone's tmux sessions.
const SOCKET = join(dir, 'tmux.sock');
let NAME = '';

function tmux(...args: string[]): string {
  const out = spawnSync('tmux', ['-S', SOCKET, ...args], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${out.stderr}`);
  return out.stdout;
}

/** The screen, scrollback included (the transcript is written above the live part). */
const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', NAME);

/** Polls the pane until `ok` holds; fails with what the pane shows. */
async function waitFor(ok: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the pane shows:\n${s}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The live input line (the last "agent ❯" row on screen). */
const inputLine = (s: string): string => s.split('\n').filter((l) => l.startsWith('agent ❯')).at(-1) ?? '';

/** Types a line as a person would, waits until it shows in the input line, presses Enter, waits for `then`. */
async function say(line: string, then: string): Promise<string> {
  tmux('send-keys', '-t', NAME, '-l', line);
  await waitFor((s) => inputLine(s).includes(line), `"${line}" in the input line`);
  tmux('send-keys', '-t', NAME, 'Enter');
  return waitFor((s) => s.includes(then), `"${then}" after sending "${line}"`);
}

afterAll(() => {
  if (hasTmux) {
    if (NAME) spawnSync('tmux', ['-S', SOCKET, 'kill-session', '-t', NAME]);
    spawnSync('tmux', ['-S', SOCKET, 'kill-server']);
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `synthagent play --task travel-rebook` in a fresh folder under `dir`; returns that folder. */
async function play(name: string): Promise<string> {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
  NAME = `synthagent-${name}-${process.pid}`;
  const cwd = join(dir, name);
  mkdirSync(cwd);
  // The shell prints the exit status (tmux's own #{pane_dead_status} lags behind when its server was
  // started from Node), and remain-on-exit keeps the pane to read it. CI=true as on a CI runner: Ink
  // would then draw only <Static> rows, so this also checks that play draws the live screen anyway.
  const command = `cd '${cwd}' && env -u SYNTHAGENT_RECORDINGS -u NO_COLOR -u NODE_ENV CI=true node '${CLI}' play --task travel-rebook; echo "[exit status $?]"`;
  tmux('new-session', '-d', '-s', NAME, '-x', '100', '-y', '30', command);
  tmux('set-option', '-t', NAME, 'remain-on-exit', 'on');
  await waitFor((s) => inputLine(s).includes('message, /call'), 'the agent input line', 60_000);
  return cwd;
}

describe('synthagent play in a real terminal (tmux)', () => {
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

    tmux('send-keys', '-t', NAME, 'q');
    const exited = await waitFor((s) => /\[exit status \d+\]/.test(s), 'the program to exit');
    expect(/\[exit status (\d+)\]/.exec(exited)?.[1]).toBe('0');

    const rec = readRecording(join(cwd, path!));
    expect(rec.complete).toBe(true);
    expect(rec.result).toMatchObject({ score: 1, passed: true, end: 'agent_finished' });
    expect(rec.task.id).toBe('travel-rebook');
    expect(rec.roles).toEqual({ agent: { kind: 'human' }, user: { kind: 'sim' } });
    expect(rec.taskSource).toEqual({ bundled: 'travel-rebook' });
    expect(rec.events.filter((e) => e.type === 'tool_call').map((e) => e.type === 'tool_call' && e.tool)).toEqual(['get_booking', 'search_flights', 'rebook']);
    expect(readdirSync(join(cwd, 'recordings')).sort()).toEqual(['index.log', path!.slice('recordings/'.length)].sort());
    // Each step waits for its screen; the deadlines only catch a hang, so they are generous for a loaded machine.
  }, 180_000);

  it.skipIf(!hasTmux)('inspects a long tool result full screen, and a resize leaves no stale copy of the panels', async () => {
    await play('inspect');
    await say('/call search_flights {"origin":"SFO","destination":"DEN","date":"2026-12-03"}', '[{"id":"UA14"');
    await say('/inspect', 'inspect event #');
    const open = screen();
    expect(open).toContain('result #');
    expect(open).toContain('"departs": "11:45"'); // pretty-printed, whole
    tmux('send-keys', '-t', NAME, 'Escape');
    await waitFor((s) => inputLine(s).includes('message, /call') && !s.split('\n').some((l) => l.startsWith(' inspect event #')), 'the session again');
    tmux('resize-window', '-t', NAME, '-x', '80', '-y', '24');
    // Redrawn at 80 columns: the transcript once, the panels once (no copy left in the scrollback).
    const resized = await waitFor((s) => inputLine(s).includes('message, /call') && s.split('\n').every((l) => l.length <= 80), 'the screen at 80 columns');
    expect(resized.split('Rebook a cancelled flight · travel').length - 1).toBe(1);
    expect(resized.split('rubric score').length - 1).toBe(1);
    expect(resized).toContain('← ok');
    tmux('send-keys', '-t', NAME, 'Escape');
    await waitFor((s) => s.includes('End the session now?'), 'Esc to ask first');
    tmux('send-keys', '-t', NAME, 'y');
    await waitFor((s) => s.includes('recording:'), 'the end screen');
    tmux('send-keys', '-t', NAME, 'q');
    await waitFor((s) => /\[exit status \d+\]/.test(s), 'the program to exit');
    tmux('kill-session', '-t', NAME);
  }, 180_000);
});
