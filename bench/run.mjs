// Benchmarks of the built CLI (dist/): `npm run bench` builds, then runs this with --expose-gc.
// Each ratio is measured against its natural baseline in the same process run; medians after warm-up.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { JSONFileSync } from 'lowdb/node';
import { LowSync } from 'lowdb';

import { readRecording, writeRecording } from '../dist/adapters/recording-file.js';
import { bundledTaskFiles, loadTaskFile } from '../dist/adapters/task-files.js';
import { main as cliMain } from '../dist/cli.js';
import { todaysTask } from '../dist/commands/replay.js';
import { RECORDING_FORMAT } from '../dist/domain/recording.js';
import { pendingHits } from '../dist/domain/score.js';
import { applyEvent, initialState } from '../dist/domain/session-state.js';
import { scriptAgent } from '../dist/roles/script-agent.js';
import { simUser } from '../dist/roles/sim-user.js';
import { Recorder } from '../dist/session/recorder.js';
import { replayRecording } from '../dist/session/replay.js';
import { finishSession, runSession } from '../dist/session/run-session.js';
import { jsonataSandbox } from '../dist/adapters/jsonata-sandbox.js';
import { SessionLog } from '../dist/session/session-log.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/bin.js');
const RECORDINGS = 1000;
const now = () => performance.now();
const gc = globalThis.gc ?? null;
const rows = [];
let sink = 0; // results fed here so no measured work is optimised away
/** The replay figure, printed on its own under the table (issue 15 asks to keep it at its level before the JSONata sandbox). */
let replayFigure = null;

// ---------------------------------------------------------------- helpers

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds as a short human string (µs below 1 ms, s above 10 s). */
function time(ms) {
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1e3).toFixed(2)} µs`;
  if (ms < 10_000) return `${ms.toFixed(ms < 100 ? 2 : 0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function row(figure, measured, baseline, ratio, target) {
  const verdict = target === null ? 'report' : ratio <= target ? 'PASS' : 'FAIL';
  rows.push({ figure, measured, baseline, ratio: `${ratio.toFixed(2)}×`, target: target === null ? '—' : `≤ ${target}×`, verdict });
}

function note(figure, measured, baseline = '', verdict = 'info') {
  rows.push({ figure, measured, baseline, ratio: '', target: '', verdict });
}

function progress(text) {
  process.stderr.write(`bench: ${text}\n`);
}

// ---------------------------------------------------------------- 1. replay --check of 1,000 recordings

const SYNTH_TASKS = 100;

/**
 * The recordings' tasks come from offline synthesis, through the CLI a user would run
 * (`synthagent synth --offline --seed bench --n 100 --out DIR/tasks`). Each task is played three
 * ways: its reference (passes), a guess (the reference without its questions: the agent acts on
 * values it was never told) and a quitter (the reference cut before its last tool call).
 */
function plays(dir) {
  const tasksDir = join(dir, 'tasks');
  const made = spawnSync(process.execPath, [CLI, 'synth', '--offline', '--seed', 'bench', '--n', String(SYNTH_TASKS), '--out', tasksDir], { cwd: ROOT, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`synth --offline failed (exit ${made.status}): ${made.stderr.trim()}`);
  const out = [];
  for (const name of readdirSync(tasksDir).filter((f) => f.endsWith('.json')).sort()) {
    const file = join(tasksDir, name);
    const task = loadTaskFile(file);
    const source = { file: join('..', 'tasks', name) }; // relative to the recording, as `run` writes it
    const steps = task.reference;
    const lastCall = steps.findLastIndex((s) => 'call' in s);
    out.push({ task, source, info: { kind: 'reference' }, steps });
    out.push({ task, source, info: { kind: 'script', script: 'guess' }, steps: steps.filter((s) => !('say' in s)) });
    out.push({ task, source, info: { kind: 'script', script: 'quit' }, steps: [...steps.slice(0, lastCall), { finish: 'I could not finish this.' }] });
  }
  return out;
}

/** Runs each play in-process with the rule simulator, then writes `n` recordings cycling through them (distinct ids). */
async function makeRecordings(dir, n) {
  const sessions = [];
  for (const p of plays(dir)) {
    const { log, result } = await runSession({ task: p.task, agent: scriptAgent(p.steps, p.info), user: simUser() });
    sessions.push({ ...p, events: [...log.events], result });
  }
  const recDir = join(dir, 'recordings');
  mkdirSync(recDir);
  const createdAt = new Date().toISOString();
  const files = [];
  for (let i = 0; i < n; i++) {
    const s = sessions[i % sessions.length];
    const id = `${s.task.id}-bench-${String(i).padStart(4, '0')}`;
    const file = join(recDir, `${id}.json`);
    writeRecording(file, {
      format: RECORDING_FORMAT,
      id,
      createdAt,
      task: s.task,
      taskSource: s.source,
      roles: { agent: s.info, user: { kind: 'sim' } },
      events: s.events,
      result: s.result,
      complete: true,
    });
    files.push(file);
  }
  const passed = sessions.filter((s) => s.result.passed).length;
  return { files, recDir, distinct: sessions.length, passed };
}

/** The baseline: read and JSON.parse each file, nothing else. */
function parseAll(files) {
  const t0 = now();
  for (const f of files) sink += JSON.parse(readFileSync(f, 'utf8')).events.length;
  return now() - t0;
}

/**
 * What `synthagent replay --check` does per file, in-process: read + validate, load today's task,
 * re-drive and compare. Memory is sampled outside the timed part; with `collect`, a gc every 100 files.
 */
async function replayAll(files, collect) {
  let ms = 0;
  const parts = { read: 0, task: 0, replay: 0 };
  let drifted = 0;
  let events = 0;
  let peakRss = 0;
  let peakHeap = 0;
  let peakHeapAfterGc = 0;
  const sources = new Map(); // one per run, as the command keeps it
  for (let i = 0; i < files.length; i++) {
    const t0 = now();
    const rec = readRecording(files[i]);
    const t1 = now();
    const { task } = todaysTask(rec, files[i], sources);
    const t2 = now();
    const out = await replayRecording(rec, task);
    const t3 = now();
    ms += t3 - t0;
    parts.read += t1 - t0;
    parts.task += t2 - t1;
    parts.replay += t3 - t2;
    if (out.divergence) drifted++;
    events += out.events.length;
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (collect && gc && i % 100 === 99) {
      gc();
      peakHeapAfterGc = Math.max(peakHeapAfterGc, process.memoryUsage().heapUsed);
    }
  }
  return { ms, parts, drifted, events, peakRss, peakHeap, peakHeapAfterGc };
}

async function benchReplay(dir) {
  progress(`synthesizing ${SYNTH_TASKS} tasks offline and making ${RECORDINGS} recordings…`);
  const { files, recDir, distinct, passed } = await makeRecordings(dir, RECORDINGS);
  progress('replaying…');
  // The first pass warms the page cache, the JIT and the caches (tasks, JSONata results), as the first
  // of many recordings in one `replay` run do; it is reported on its own.
  parseAll(files);
  const first = await replayAll(files, false);
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;

  // Timed passes interleaved with the baseline, so both see the same machine; medians of five.
  const base = [];
  const runs = [];
  for (let k = 0; k < 5; k++) {
    base.push(parseAll(files));
    runs.push(await replayAll(files, false));
  }
  const replayMs = median(runs.map((r) => r.ms));
  const parseMs = median(base);
  const drifted = Math.max(...[first, ...runs].map((r) => r.drifted));
  row(`1. replay --check ×${RECORDINGS} (in-process)`, `${time(replayMs)} (${time(replayMs / files.length)}/rec)`, `read+JSON.parse ${time(parseMs)}`, replayMs / parseMs, 5);
  const fast = runs.reduce((a, r) => (r.ms < a.ms ? r : a));
  const per = (ms) => `${time(ms / files.length)}/rec (${((ms / fast.ms) * 100).toFixed(0)}%)`;
  note('   of which', `readRecording ${per(fast.parts.read)}`, `todaysTask ${per(fast.parts.task)}, replayRecording ${per(fast.parts.replay)}`);
  row('   first pass (cold JIT and caches)', `${time(first.ms)} (${time(first.ms / files.length)}/rec)`, `read+JSON.parse ${time(parseMs)}`, first.ms / parseMs, null);
  note('   recordings', `${files.length} files of ${SYNTH_TASKS} offline-synthesized tasks, ${distinct} distinct plays (${passed} pass), ${(runs[0].events / files.length).toFixed(1)} events/rec avg`, `${drifted} drifted`, drifted === 0 ? 'ok' : 'DRIFT');
  // Memory in a pass of its own: a forced gc every 100 files would slow the timed passes down.
  const mem = await replayAll(files, true);
  const rss = Math.max(mem.peakRss, ...runs.map((r) => r.peakRss));
  const heap = Math.max(mem.peakHeap, ...runs.map((r) => r.peakHeap));
  note('6. memory during replay', `peak rss ${mib(rss)}, peak heapUsed ${mib(heap)}`, gc ? `heapUsed after gc ≤ ${mib(mem.peakHeapAfterGc)} (before ${mib(heapBefore)})` : 'no gc (run with --expose-gc)');

  progress('spawning synthagent replay over the folder…');
  const t0 = now();
  const cli = spawnSync(process.execPath, [CLI, 'replay', recDir, '--check'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const cliMs = now() - t0;
  const summary = (cli.stdout ?? '').trim().split('\n').at(-1) ?? '';
  note('   `synthagent replay DIR` (1 spawn)', `${time(cliMs)}, exit ${cli.status}`, summary.replace(/\x1b\[[0-9;]*m/g, ''), cli.status === 0 ? 'ok' : 'ERROR');
  replayFigure = { files: files.length, replayMs, parseMs, first: first.ms, fast, cliMs, drifted, jsonata: { ...jsonataSandbox.answered } };
}

function printReplayFigure() {
  if (!replayFigure) return;
  const f = replayFigure;
  const j = f.jsonata;
  console.log(`\nREPLAY FIGURE: replay --check of ${f.files} recordings in-process ${time(f.replayMs)} (${time(f.replayMs / f.files)}/rec, ${(f.replayMs / f.parseMs).toFixed(2)}× read+parse); replayRecording ${time(f.fast.parts.replay / f.files)}/rec; first pass ${time(f.first)}; \`synthagent replay DIR\` ${time(f.cliMs)}; ${f.drifted} drifted`);
  console.log(`  JSONata evaluations: ${j.inline} in-process (plain expressions, metered), ${j.child} in the child process, ${j.remembered} remembered`);
  console.log('  (36b7d08, before the JSONata sandbox, measured side by side on a quiet 2-core machine: 243 ms, replayRecording 118 µs/rec, first pass 417 ms, replay DIR 1388 ms; this build then: 337 ms, 163 µs/rec, 593 ms, 1827 ms — load varies: compare builds side by side)');
}

// ---------------------------------------------------------------- 2 & 3. events against travel-rebook

/** A cycle of plausible events for travel-rebook: questions, reveals, tool call/result pairs, a world update. */
function eventSource(task) {
  const world = structuredClone(task.world);
  world.bookings[0] = { ...world.bookings[0], flight_id: 'UA14', seat: 'aisle' };
  let k = 0;
  let call = 0;
  const cycle = [
    () => ({ type: 'agent_message', text: 'Sorry about that. What is your booking reference?', question: true, asks: ['booking_id'] }),
    () => ({ type: 'user_message', text: "It's BK-4411.", reveals: ['booking_id'] }),
    () => ({ type: 'tool_call', callId: `call-${++call}`, tool: 'get_booking', args: { booking_id: 'BK-4411' } }),
    () => ({ type: 'tool_result', callId: `call-${call}`, ok: true, result: task.world.bookings[0], via: 'query' }),
    () => ({ type: 'tool_call', callId: `call-${++call}`, tool: 'search_flights', args: { origin: 'SFO', destination: 'DEN', date: '2026-12-03' } }),
    () => ({ type: 'tool_result', callId: `call-${call}`, ok: true, result: [task.world.flights[1]], via: 'query' }),
    () => ({ type: 'agent_message', text: 'UA14 leaves at 11:45 the same day. Which seat would you like on it?', question: true, asks: ['seat'] }),
    () => ({ type: 'user_message', text: 'An aisle seat, please.', reveals: ['seat'] }),
    () => ({ type: 'tool_call', callId: `call-${++call}`, tool: 'rebook', args: { booking_id: 'BK-4411', flight_id: 'UA14', seat: 'aisle' } }),
    () => ({ type: 'tool_result', callId: `call-${call}`, ok: true, result: { status: 'rebooked', booking_id: 'BK-4411', flight_id: 'UA14', seat: 'aisle' }, via: 'query', world }),
    () => ({ type: 'agent_message', text: 'Done: you are on UA14 at 11:45 with an aisle seat. Anything else?', question: true, asks: [] }),
    () => ({ type: 'user_message', text: 'No, thanks.', reveals: [] }),
  ];
  let first = true;
  return () => {
    if (first) {
      first = false;
      return { type: 'user_message', text: task.instruction, reveals: [] };
    }
    return cycle[k++ % cycle.length]();
  };
}

/** A stored log of exactly `n` events (rubric hits included, as a SessionLog appends them). */
function buildLog(task, n) {
  const log = new SessionLog(task);
  const next = eventSource(task);
  while (log.events.length < n) log.append(next());
  return log.events.slice(0, n);
}

/** The live-state work per event: the reducer, then the pending-hit scan a SessionLog does after it. */
function reduceWithHits(task, events) {
  let s = initialState(task);
  let hits = 0;
  for (const e of events) {
    s = applyEvent(s, e);
    hits += pendingHits(s).length;
  }
  return hits + s.nextSeq;
}

/** Median ms per event over `samples` samples, each `reps` full reductions of `events`. */
function perEventReduce(task, events, samples, reps) {
  const out = [];
  for (let i = 0; i < samples; i++) {
    const t0 = now();
    for (let r = 0; r < reps; r++) sink += reduceWithHits(task, events);
    out.push((now() - t0) / (reps * events.length));
  }
  return median(out);
}

function benchReducer(task) {
  progress('reducer…');
  const small = buildLog(task, 100);
  const large = buildLog(task, 10_000);
  perEventReduce(task, small, 20, 100); // warm-up
  perEventReduce(task, large, 3, 1);
  // Interleaved (for drift in clock and load), each from a collected heap; medians of three. 620k events each.
  const at100 = [];
  const at10k = [];
  for (let k = 0; k < 3; k++) {
    gc?.();
    at100.push(perEventReduce(task, small, 31, 200));
    gc?.();
    at10k.push(perEventReduce(task, large, 31, 2));
  }
  const a = median(at100);
  const b = median(at10k);
  row('2. reduce + pendingHits per event, 10k-event log', `${time(b)}/event`, `100-event log ${time(a)}/event`, b / a, 1.5);
}

/** One session of ≥ 10,100 events through the real Recorder; ms per appended event in each window. */
async function recorderSession(task, dir, i, windows) {
  const log = new SessionLog(task);
  const recorder = new Recorder(join(dir, `rec-${i}.json`), {
    id: `bench-${i}`,
    createdAt: new Date().toISOString(),
    task,
    taskSource: { bundled: task.id },
    roles: { agent: { kind: 'script' }, user: { kind: 'sim' } },
  });
  recorder.attach(log);
  const next = eventSource(task);
  const out = [];
  for (const [from, to] of windows) {
    while (log.events.length < from) log.append(next());
    gc?.(); // start each window from a collected heap, so a stray pause doesn't land in one window only
    const start = log.events.length;
    const t0 = now();
    while (log.events.length < to) log.append(next());
    out.push((now() - t0) / (log.events.length - start));
  }
  const error = recorder.close(await finishSession(log, 'agent_finished'), true);
  if (error) throw new Error(error);
  return { perEvent: out, events: log.events };
}

/** lowdb's stock JSONFileSync: every write rewrites the whole file. Pre-filled to `at` events, then `window` writes. */
function naiveWindow(task, events, dir, at, window) {
  const db = new LowSync(new JSONFileSync(join(dir, `naive-${at}.json`)), {
    format: RECORDING_FORMAT,
    id: 'naive',
    createdAt: new Date().toISOString(),
    task,
    roles: { agent: { kind: 'script' }, user: { kind: 'sim' } },
    events: events.slice(0, at),
    result: null,
    complete: false,
  });
  db.write();
  const t0 = now();
  for (let i = at; i < at + window; i++) {
    db.data.events.push(events[i]);
    db.write();
  }
  return (now() - t0) / window;
}

async function benchRecorder(task, dir) {
  progress('recorder…');
  const windows = [
    [100, 200],
    [10_000, 10_100],
  ];
  const runs = [];
  let events = [];
  for (let i = 0; i < 16; i++) {
    const r = await recorderSession(task, dir, i, windows);
    events = r.events;
    if (i > 0) runs.push(r.perEvent); // the first session is warm-up
  }
  const at100 = median(runs.map((r) => r[0]));
  const at10k = median(runs.map((r) => r[1]));
  row('3. recording save per event at 10,000', `${time(at10k)}/event`, `at 100: ${time(at100)}/event`, at10k / at100, 1.5);

  progress('naive lowdb baseline…');
  naiveWindow(task, events, dir, 100, 20); // warm-up
  const n100 = median([0, 1, 2].map(() => naiveWindow(task, events, dir, 100, 100)));
  const n10k = median([0, 1, 2].map(() => naiveWindow(task, events, dir, 10_000, 50)));
  note('   naive: lowdb JSONFileSync, whole file per event', `at 10,000: ${time(n10k)}/event`, `at 100: ${time(n100)}/event (${(n10k / n100).toFixed(0)}×)`, 'context');
}

// ---------------------------------------------------------------- 4. CLI cold start

function spawnMedian(args, runs = 7) {
  spawnSync(process.execPath, args, { cwd: ROOT }); // warm-up (disk cache)
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    out.push(now() - t0);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  }
  return median(out);
}

function benchColdStart() {
  progress('cold start…');
  const bare = spawnMedian(['-e', '0']);
  const version = spawnMedian([CLI, '--version']);
  const run = spawnMedian([CLI, 'run', '--task', 'travel-rebook', '--no-record', '--json']);
  row('4. cold start: synthagent --version', time(version), `node -e 0: ${time(bare)}`, version / bare, null);
  row('4. cold start: run --task travel-rebook --json', time(run), `node -e 0: ${time(bare)}`, run / bare, null);
}

// ---------------------------------------------------------------- 5. TUI keystroke

const TUI_ROWS = 2000;
const TUI_KEYS = 120; // per condition and round; two rounds, interleaved
const TUI_PACE_MS = 40; // > Ink's 30 fps render throttle (34 ms), so each key renders on the leading edge
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Ink's `render` with a fake 120×50 terminal; `frame()` is the last write, `onWrite` sees every write. */
async function mountSession(ink, React, SessionScreen, controller) {
  const { EventEmitter } = await import('node:events');
  const stdout = Object.assign(new EventEmitter(), { columns: 120, rows: 50, isTTY: true, last: '', onWrite: null });
  stdout.write = (chunk) => {
    const text = String(chunk);
    // Ink also writes bare control sequences (synchronized-output markers, cursor show/hide): not frames.
    if (stripVTControlCharacters(text).trim() === '') return true;
    stdout.last = text;
    stdout.onWrite?.(text);
    return true;
  };
  const stderr = Object.assign(new EventEmitter(), { columns: 120, rows: 50, write: () => true });
  const stdin = Object.assign(new EventEmitter(), { isTTY: true, data: null, setEncoding() {}, setRawMode() {}, resume() {}, pause() {}, ref() {}, unref() {} });
  stdin.read = () => {
    const d = stdin.data;
    stdin.data = null;
    return d;
  };
  stdin.send = (data) => {
    stdin.data = data;
    stdin.emit('readable');
    stdin.emit('data', data);
  };
  // The playground's own options (src/ui/play.tsx): not debug mode, the default frame rate.
  const instance = ink.render(React.createElement(SessionScreen, { controller, player: 'agent', others: { agent: 'human', user: 'sim' }, onEnd: () => {} }), {
    stdout,
    stderr,
    stdin,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { instance, stdout, stdin };
}

/** The text of the agent's input line in a frame written by Ink (ANSI stripped), or null if it is not in it. */
function inputLineOf(text) {
  const line = stripVTControlCharacters(text)
    .split('\n')
    .find((l) => l.trimStart().startsWith('agent ❯'));
  return line === undefined ? null : line.trim().slice('agent ❯'.length).trim();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(ok, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`TUI bench: timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Types `n` letters one at a time; ms from stdin to the frame that shows the line with that letter, per key. */
async function typeKeys(screen, n, typedSoFar) {
  const out = [];
  let typed = typedSoFar.value;
  for (let i = 0; i < n; i++) {
    if (typed.length >= 30) {
      // Clear the line (untimed) so it never wraps: the check stays one exact comparison.
      screen.stdin.send('\u0015');
      await waitFor(() => (inputLineOf(screen.stdout.last) ?? '').startsWith('message,'), 'the line to clear');
      await sleep(TUI_PACE_MS);
      typed = '';
    }
    const want = typed + LETTERS[(typed.length + i) % LETTERS.length];
    let t1 = 0;
    screen.stdout.onWrite = (text) => {
      if (t1 === 0 && inputLineOf(text) === want) t1 = now();
    };
    const t0 = now();
    screen.stdin.send(want.at(-1));
    await waitFor(() => t1 !== 0, `"${want}" in the input line`, 10_000);
    screen.stdout.onWrite = null;
    out.push(t1 - t0);
    typed = want;
    await sleep(TUI_PACE_MS); // lets effects re-bind the input handler and the render throttle reset
  }
  typedSoFar.value = typed;
  return out;
}

/**
 * The live screen waiting for the human agent, with `prefix` (a scripted session's events) restored into
 * its log: <Static> holds those rows, and only the panels and the input line render live.
 */
async function tuiCondition(ink, React, modules, task, prefix) {
  const { SessionScreen, SessionController, simUser } = modules;
  const controller = new SessionController({ loaded: { task }, agent: { kind: 'human' }, user: { kind: 'given', role: simUser() }, fork: { prefix } });
  const t0 = now();
  const screen = await mountSession(ink, React, SessionScreen, controller);
  await waitFor(() => controller.getSnapshot().waiting === 'agent' && inputLineOf(screen.stdout.last) !== null, 'the input line');
  const mountMs = now() - t0;
  return { controller, screen, mountMs, rows: controller.getSnapshot().events.length, typed: { value: '' } };
}

async function benchTui(travel) {
  let modules;
  // As `synthagent play` loads Ink and React (their production build unless NODE_ENV is set).
  (await import('../dist/commands/play.js')).playEnvironment(process.env);
  try {
    const [screen, ctrl, sim] = await Promise.all([
      import('../dist/ui/screens/SessionScreen.js'),
      import('../dist/ui/session-controller.js'),
      import('../dist/roles/sim-user.js'),
    ]);
    modules = { SessionScreen: screen.SessionScreen, SessionController: ctrl.SessionController, simUser: sim.simUser };
  } catch (err) {
    rows.push({ figure: '5. TUI keystroke latency', measured: `skipped: ${err.message.split('\n')[0]}`, baseline: '', ratio: '', target: '', verdict: 'SKIP' });
    return;
  }
  progress('TUI keystroke…');
  const ink = await import('ink');
  const React = (await import('react')).default;
  // 2,000 events from a real session: the instruction, then search_flights calls and their results
  // (and the rubric hit they earn), on a copy of the task with limits high enough to allow them.
  const task = { ...travel, limits: { maxTurns: 1_000_000, maxToolCalls: 1_000_000 } };
  const steps = Array.from({ length: TUI_ROWS }, (_, i) => ({ call: 'search_flights', args: { origin: 'SFO', destination: 'DEN', date: `2026-12-${String((i % 28) + 1).padStart(2, '0')}` } }));
  const { log } = await runSession({ task, agent: scriptAgent(steps, { kind: 'script' }), user: simUser() });
  // Cut after a tool result, so the agent still has the turn: the controller then waits for the human agent.
  let cut = TUI_ROWS;
  while (log.events[cut - 1]?.type !== 'tool_result') cut--;
  const prefix = log.events.slice(0, cut);

  const empty = await tuiCondition(ink, React, modules, task, undefined);
  const full = await tuiCondition(ink, React, modules, task, prefix);
  try {
    await typeKeys(empty.screen, 20, empty.typed); // warm-up: JIT, the first renders of each component
    await typeKeys(full.screen, 20, full.typed);
    const a = [];
    const b = [];
    for (let round = 0; round < 2; round++) {
      a.push(...(await typeKeys(empty.screen, TUI_KEYS, empty.typed)));
      b.push(...(await typeKeys(full.screen, TUI_KEYS, full.typed)));
    }
    const at0 = median(a);
    const atN = median(b);
    row(`5. TUI keystroke, ${full.rows.toLocaleString('en-US')} transcript rows`, `${time(atN)}/key`, `${empty.rows} row: ${time(at0)}/key`, atN / at0, 1.5);
    const p90 = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.9)];
    note('   keys, p90, first paint', `${a.length} keys each; p90 ${time(p90(b))} vs ${time(p90(a))}`, `mount to input line: ${time(full.mountMs)} vs ${time(empty.mountMs)}`);
  } finally {
    for (const c of [empty, full]) {
      c.controller.abort();
      c.screen.instance.unmount();
    }
  }
}

// ---------------------------------------------------------------- 6. batch: per-session cost as the folder grows

const BATCH_SESSIONS = 200;
const BATCH_FOLDER = 10_000;

/** `synthagent run --tasks '*' --trials T --out DIR --json` in this process; ms per session. */
async function referenceBatch(out, trials, sessions) {
  const quiet = { write: () => true };
  const t0 = now();
  const code = await cliMain(['run', '--tasks', '*', '--trials', String(trials), '--out', out, '--json'], { stdout: quiet, stderr: quiet, env: { ...process.env, NO_COLOR: '1' }, cwd: ROOT });
  const ms = now() - t0;
  if (code !== 0) throw new Error(`the reference batch into ${out} ended with exit ${code}`);
  return ms / sessions;
}

/**
 * A recordings folder as a batch leaves it after `n` sessions, at its most expensive point: the index's
 * snapshot and its log, the log just short of the size at which the next sessions fold it into the snapshot.
 */
function grownFolder(out, template, n) {
  mkdirSync(out, { recursive: true });
  const entries = Array.from({ length: n }, (_, i) => ({ ...template, id: `grown-${i}`, file: `grown-${i}.json` }));
  const line = (e) => `${JSON.stringify(e)}\n`;
  const snapshotText = (k) => `${JSON.stringify({ format: 'synthagent.index/1', recordings: entries.slice(0, k) }, null, 2)}\n`;
  let k = n >> 1;
  for (let step = n >> 2; step > 0; step >>= 1) {
    const logBytes = entries.slice(k).reduce((sum, e) => sum + line(e).length, 0);
    k += logBytes > snapshotText(k).length - 50_000 ? step : -step;
  }
  writeFileSync(join(out, 'index.json'), snapshotText(k));
  writeFileSync(join(out, 'index.log'), entries.slice(k).map(line).join(''));
}

async function benchBatch(dir) {
  progress('batch…');
  const tasks = bundledTaskFiles().length;
  const trials = Math.ceil(BATCH_SESSIONS / tasks);
  const sessions = trials * tasks;
  await referenceBatch(join(dir, 'batch-warm'), 1, tasks); // warm-up: imports, JIT
  const small = [];
  const large = [];
  for (let round = 0; round < 3; round++) {
    small.push(await referenceBatch(join(dir, `batch-small-${round}`), trials, sessions));
    const grown = join(dir, `batch-large-${round}`);
    const template = JSON.parse(readFileSync(join(dir, `batch-small-${round}`, 'index.log'), 'utf8').split('\n')[0]);
    grownFolder(grown, template, BATCH_FOLDER - sessions);
    large.push(await referenceBatch(grown, trials, sessions));
  }
  const a = median(small);
  const b = median(large);
  row(`6. reference batch per session at ${BATCH_FOLDER.toLocaleString('en')}`, `${time(b)}/session`, `at ${sessions}: ${time(a)}/session`, b / a, 1.5);
}

// ---------------------------------------------------------------- main

function printTable() {
  const cols = [
    ['figure', 'figure'],
    ['measured', 'measured'],
    ['baseline', 'baseline (same run)'],
    ['ratio', 'ratio'],
    ['target', 'target'],
    ['verdict', 'result'],
  ];
  const width = cols.map(([k, h]) => Math.max(h.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(width[i])).join('  ').trimEnd();
  console.log(line(cols.map(([, h]) => h)));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map(([k]) => r[k])));
}

/** `npm run bench -- replay tui` runs only those figures (replay, reducer, save, start, tui, batch); none: all. */
const FIGURES = ['replay', 'reducer', 'save', 'start', 'tui', 'batch'];
const only = process.argv.slice(2);
for (const name of only) {
  if (!FIGURES.includes(name)) {
    console.error(`bench: unknown figure "${name}" (one of: ${FIGURES.join(', ')})`);
    process.exit(2);
  }
}

async function main() {
  const started = now();
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, ${mib(totalmem())} RAM, ${platform()} ${release()}, node ${process.version}`);
  if (!gc) console.log('note: run with node --expose-gc for heap-after-gc figures');
  const dir = mkdtempSync(join(tmpdir(), 'synthagent-bench-'));
  try {
    const travel = loadTaskFile(join(ROOT, 'fixtures/tasks/travel/travel-rebook.json'));
    const want = (name) => only.length === 0 || only.includes(name);
    if (want('replay')) await benchReplay(dir);
    if (want('reducer')) benchReducer(travel);
    if (want('save')) await benchRecorder(travel, dir);
    if (want('start')) benchColdStart();
    if (want('tui')) await benchTui(travel);
    if (want('batch')) await benchBatch(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('');
  printTable();
  printReplayFigure();
  console.log(`\n(total ${time(now() - started)}; sink ${sink % 10})`);
  // A missed target fails the run, like a failed check in the CLI (exit 1).
  if (rows.some((r) => r.verdict === 'FAIL' || r.verdict === 'DRIFT' || r.verdict === 'ERROR')) process.exitCode = 1;
}

await main();
