import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import type { Player } from '../../src/ui/components/TaskCard.js';
import { SessionScreen } from '../../src/ui/screens/SessionScreen.js';
import { ViewerScreen } from '../../src/ui/screens/ViewerScreen.js';
import type { SessionController } from '../../src/ui/session-controller.js';
import { frameWhere, humanAgentController, humanUserController, KEY, keyboard } from '../helpers/ink.js';
import { recordScript } from '../helpers/recordings.js';
import { exampleTask } from '../helpers/tasks.js';
import { renderInTerminal } from './render-in-terminal.js';

// Regression (fixed): a live frame as tall as the terminal (/help open at 100×30, the viewer sized to the
// terminal, a long pasted line, the spoiler card on a small screen) made Ink 6.8 redraw by clearing the whole
// terminal, scrollback included (ink.js: `lastOutputHeight >= stdout.rows`), after which its line count was
// one off and the next redraw erased a transcript row for good. Every live frame must be shorter than the terminal.

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

const SIZES: [number, number][] = [
  [80, 24],
  [60, 20],
  [100, 30],
  [100, 20],
  [120, 40],
];

/** 2,000 characters in one line, ending with a word to wait for. */
const LONG = `${'please rebook me on the next flight '.repeat(56).slice(0, 1990)} LAST-WORD`;

/** The example task with three times the rubric and the tools: tall panels and a long tool list. */
function bigTask(): Task {
  const t = exampleTask();
  const copies = [1, 2, 3];
  return {
    ...t,
    rubric: copies.flatMap((n) => t.rubric.map((r) => ({ ...r, id: `${r.id}-${n}` }))),
    tools: copies.flatMap((n) => t.tools.map((tool) => ({ ...tool, name: n === 1 ? tool.name : `${tool.name}_${n}` }))),
  };
}

function session(columns: number, rows: number, controller: SessionController = humanAgentController(), player: Player = 'agent') {
  const inst = renderInTerminal(<SessionScreen controller={controller} player={player} others={{ agent: 'human', user: 'sim' }} onEnd={() => {}} />, columns, rows);
  mounted.push(() => {
    inst.unmount();
    controller.abort();
  });
  const side = player === 'user' ? 'user' : 'agent';
  return { ...inst, ...keyboard(inst), ready: () => frameWhere(inst.lastFrame, (f) => f.includes(`${side} ❯`)) };
}

/** The live frame is shorter than the terminal and no wider, and still ends with the footer. */
function expectFits(s: { liveRows: () => number; liveFrame: () => string }, columns: number, rows: number, what: string): void {
  const live = s.liveFrame();
  expect(s.liveRows(), `${what}: the live frame has ${s.liveRows()} rows in a terminal of ${rows}:\n${live}`).toBeLessThan(rows);
  for (const line of live.split('\n')) expect(Array.from(line).length, `${what}: ${line}`).toBeLessThanOrEqual(columns);
  expect(live.split('\n').at(-1), `${what}:\n${live}`).toMatch(/^Ctrl\+O spoiler · \/help · \/inspect · Esc/);
}

describe.each(SIZES)('the live frame at %i×%i is shorter than the terminal', (columns, rows) => {
  it('session: at rest, with /help open, with the spoiler, with both, and closed again', async () => {
    const s = session(columns, rows);
    await s.ready();
    expectFits(s, columns, rows, 'at rest');
    await s.type('agent', '/help');
    await s.press(KEY.enter, (f) => f.includes('commands for the agent'));
    expectFits(s, columns, rows, '/help');
    await s.press(KEY.ctrlO, (f) => f.includes('SPOILER') || f.includes('Esc closes help'));
    expectFits(s, columns, rows, '/help and the spoiler');
    await s.press(KEY.esc, (f) => !f.includes('commands for the agent'));
    expectFits(s, columns, rows, 'the spoiler');
    await s.press(KEY.esc, (f) => f.includes('Esc ends (asks first)'));
    expectFits(s, columns, rows, 'all closed');
    // The inspector is full screen but still a row shorter than the terminal.
    await s.type('agent', '/inspect 0');
    await s.press(KEY.enter, (f) => f.includes('inspect event #0'));
    expect(s.liveRows()).toBeLessThan(rows);
    await s.press(KEY.esc, (f) => !f.includes('inspect event #0'));
  });

  it('session: a 2,000-character line in the input, with /help open and an error under it', async () => {
    const s = session(columns, rows);
    await s.ready();
    await s.type('agent', '/help');
    await s.press(KEY.enter, (f) => f.includes('commands for the agent'));
    s.stdin.write(`/call ${LONG}`);
    await frameWhere(s.lastFrame, (f) => f.replace(/\s+/g, '').includes('LAST-WORD'), 'the end of the long line');
    expectFits(s, columns, rows, 'a long line');
    await s.press(KEY.enter, (f) => f.includes('unknown tool'));
    expectFits(s, columns, rows, 'a long line and an error');
    await s.press(KEY.esc, (f) => !f.includes('commands for the agent'));
    expectFits(s, columns, rows, 'a long line, help closed');
    await s.press(KEY.home, (f) => f.includes('agent ❯ /call please'));
    expectFits(s, columns, rows, 'a long line, the cursor at its start');
  });

  it('session: a task with a long rubric and many tools, the tool form open', async () => {
    const s = session(columns, rows, humanAgentController(bigTask()));
    await s.ready();
    expectFits(s, columns, rows, 'a long rubric');
    await s.press(KEY.ctrlO, (f) => f.includes('SPOILER'));
    expectFits(s, columns, rows, 'a long rubric and the spoiler');
    await s.type('agent', '/tools');
    await s.press(KEY.enter, (f) => f.includes('pick a tool'));
    const live = s.liveFrame();
    expect(s.liveRows(), live).toBeLessThan(rows);
    expect(live).toContain('❯ get_booking');
    await s.press(KEY.up, (f) => /❯ cancel_booking_3/.test(f));
    expect(s.liveRows(), s.liveFrame()).toBeLessThan(rows);
  });

  it('session: the user player with /help open', async () => {
    const s = session(columns, rows, humanUserController(scriptAgent([{ say: 'What is your booking reference?' }], { kind: 'script' })), 'user');
    await s.ready();
    await s.type('user', '/help');
    await s.press(KEY.enter, (f) => f.includes('commands for the user'));
    expectFits(s, columns, rows, 'user /help');
  });

  it('viewer: every step', async () => {
    const task = exampleTask();
    const rec = await recordScript(task, task.reference ?? []);
    const inst = renderInTerminal(<ViewerScreen rec={rec} file="recordings/r1.json" onFork={() => {}} onQuit={() => {}} />, columns, rows);
    mounted.push(inst.unmount);
    const v = keyboard(inst);
    await frameWhere(inst.lastFrame, (f) => f.includes(`step 1/${rec.events.length}`));
    for (let n = 1; n <= rec.events.length; n++) {
      if (n > 1) await v.press(KEY.right, (f) => f.includes(`step ${n}/`));
      expect(inst.liveRows(), `step ${n}:\n${inst.liveFrame()}`).toBeLessThan(rows);
    }
  });
});
