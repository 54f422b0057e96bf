import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../../src/domain/recording.js';
import { ViewerScreen } from '../../../src/ui/screens/ViewerScreen.js';
import { frameWhere, frameWith, KEY, keyboard, until } from '../../helpers/ink.js';
import { recordScript } from '../../helpers/recordings.js';
import { exampleTask } from '../../helpers/tasks.js';
import { renderInTerminal } from '../render-in-terminal.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

let rec: Recording;
beforeAll(async () => {
  const task = exampleTask();
  rec = await recordScript(task, task.reference ?? []);
});

function viewer(recording: Recording = rec) {
  const forks: number[] = [];
  let quits = 0;
  const inst = render(<ViewerScreen rec={recording} file="recordings/r1.json" onFork={(at) => forks.push(at)} onQuit={() => void quits++} />);
  mounted.push(inst.unmount);
  return { ...inst, ...keyboard(inst), forks, quits: () => quits };
}

/** The row of the current step (marked ❯), without the box. */
const current = (frame: string): string => frame.split('\n').map((l) => l.replace(/^│\s?/, '')).find((l) => l.startsWith('❯')) ?? '';
const step = (n: number) => (f: string) => f.includes(`step ${n}/${rec.events.length}`);

describe('ViewerScreen', () => {
  it('opens at the first event with the state after it', async () => {
    const v = viewer();
    const f = await frameWith(v.lastFrame, `step 1/${rec.events.length}`);
    expect(f).toContain('Rebook a cancelled flight · recordings/r1.json');
    expect(f).not.toContain('incomplete');
    expect(current(f)).toMatch(/❯\s+0 user\s+Hi, my flight tomorrow got cancelled/);
    expect(f).toContain('after #0: turns 0 · tool calls 0 · questions 0');
    expect(f).toContain('revealed: nothing yet');
    expect(f).toMatch(/rubric score 0\.00\s+\(as of step 1\)/);
    expect(f).not.toContain('(live)');
  });

  it('→ steps forward, End jumps to the end, Home back to the start, ← steps back', async () => {
    const v = viewer();
    await frameWith(v.lastFrame, `step 1/${rec.events.length}`);
    for (const n of [2, 3, 4]) await v.press(KEY.right, step(n));
    const f4 = v.frame();
    expect(current(f4)).toMatch(/❯\s+3 ✓ hit\s+asks-booking/);
    expect(f4).toContain('revealed: booking_id=BK-4411');
    expect(f4).toContain('after #3: turns 1 · tool calls 0 · questions 1');

    const end = await v.press(KEY.end, step(rec.events.length));
    expect(current(end)).toMatch(new RegExp(`❯\\s+${rec.events.length - 1} ■ end\\s+agent finished`));
    expect(end).toMatch(/rubric score 1\.00\s+PASSED/);
    expect(end).toContain('revealed: booking_id=BK-4411, seat=aisle');
    // → at the end stays at the end.
    await v.press(KEY.right, step(rec.events.length));

    const home = await v.press(KEY.home, step(1));
    expect(current(home)).toMatch(/❯\s+0 user/);
    await v.press(KEY.left, step(1)); // ← at the start stays there
    await v.press('l', step(2));
    await v.press('h', step(1));
    await v.press('G', step(rec.events.length));
    await v.press('g', step(1));
  });

  it('f forks from the current step with its seq; on the end event it says why not, and f again forks where a fork without --at starts', async () => {
    const v = viewer();
    await frameWith(v.lastFrame, `step 1/${rec.events.length}`);
    for (const n of [2, 3, 4]) await v.press(KEY.right, step(n));
    v.stdin.write('f');
    await until(() => v.forks.length === 1, 'onFork');
    expect(v.forks).toEqual([rec.events[3]!.seq]);

    await v.press(KEY.end, step(rec.events.length));
    // The agent finished: a fork starts just before its closing message, so the new agent acts again.
    const lastLive = rec.events.findLast((e) => e.type === 'agent_message')!.seq - 1;
    const said = await v.press('f', (f) => f.includes('session over'));
    expect(said).toContain(`session over: f again forks from #${lastLive} (where a fork without --at starts)`);
    expect(v.forks).toHaveLength(1);
    v.stdin.write('f');
    await until(() => v.forks.length === 2, 'the fork from the last live step');
    expect(v.forks[1]).toBe(lastLive);

    // Moving clears the message; from the start f forks at once again.
    const home = await v.press(KEY.home, step(1));
    expect(home).not.toContain('session over');
    v.stdin.write('f');
    await until(() => v.forks.length === 3, 'the third onFork');
    expect(v.forks).toEqual([3, lastLive, 0]);
  });

  it('q quits', async () => {
    const v = viewer();
    await frameWith(v.lastFrame, 'step 1/');
    v.stdin.write('q');
    await until(() => v.quits() === 1, 'onQuit');
    expect(v.forks).toEqual([]);
  });

  it('marks an incomplete recording', async () => {
    const v = viewer({ ...rec, complete: false });
    const f = await frameWith(v.lastFrame, 'step 1/');
    expect(f.split('\n')[0]).toMatch(new RegExp(`^step 1/${rec.events.length} · event #0 · incomplete`));
  });

  it('at the rebook step the world box lists what changed, and the rubric says which step it is as of', async () => {
    const v = viewer();
    await frameWith(v.lastFrame, `step 1/${rec.events.length}`);
    const rebooked = rec.events.findIndex((e) => e.type === 'tool_result' && e.ok && JSON.stringify(e.result).includes('rebooked'));
    expect(rebooked).toBeGreaterThan(0);
    let f = '';
    for (let n = 2; n <= rebooked + 1; n++) f = await v.press(KEY.right, step(n));
    expect(f).toContain('Δ bookings[0].flight_id: "UA12" → "UA14"');
    expect(f).toContain('Δ bookings[0].seat: "window" → "aisle"');
    expect(f).toContain(`(as of step ${rebooked + 1})`);
    // One step on, nothing changes: the box says so.
    const next = await v.press(KEY.right, step(rebooked + 2));
    expect(next).not.toContain('Δ ');
    expect(next).toContain('world (unchanged at this step)');
  });

  it('at the end, untouched forbidden items read "not violated", not ✓', async () => {
    // Tall enough for the whole rubric.
    const inst = renderInTerminal(<ViewerScreen rec={rec} file="recordings/r1.json" onFork={() => {}} onQuit={() => {}} />, 100, 30);
    mounted.push(inst.unmount);
    const v = keyboard(inst);
    await frameWhere(inst.lastFrame, step(1));
    const f = await v.press(KEY.end, step(rec.events.length));
    expect(f).toContain('· ⛔ not violated: Cancels the booking');
    expect(f).not.toContain('✓ ⛔');
  });

  it.each([
    [80, 24],
    [60, 24],
    [100, 20],
    [120, 50],
  ])('at %i×%i every step fits the terminal with a row to spare: the header stays on the first row, the footer on one last row', async (columns, rows) => {
    const inst = renderInTerminal(<ViewerScreen rec={{ ...rec, complete: false }} file="recordings/travel-rebook-2026-01-01.json" onFork={() => {}} onQuit={() => {}} />, columns, rows);
    mounted.push(inst.unmount);
    const v = keyboard(inst);
    let f = await frameWhere(inst.lastFrame, step(1));
    for (let n = 1; n <= rec.events.length; n++) {
      if (n > 1) f = await v.press(KEY.right, step(n));
      const lines = f.split('\n');
      expect(lines.length, `step ${n}:\n${f}`).toBeLessThan(rows); // a frame as tall as the terminal makes Ink clear it
      expect(lines[0]).toMatch(new RegExp(`^step ${n}/${rec.events.length} · event #\\d+ · incomplete`));
      expect(lines.at(-1)).toMatch(/^←\/→ step · .* q quit$/);
      for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(columns);
      expect(current(f)).not.toBe('');
    }
  });
});

describe('ViewerScreen, messages of several lines', () => {
  // Regression (fixed): a message with line breaks (a model user's reply) spilled over several rows of the list,
  // pushing the header and the selected row off the screen.
  const reply = 'Sure, here it is:\n\nBK-4411\r\n  \nThanks!';
  const multi = (): Recording => ({
    ...rec,
    events: rec.events.map((e) => (e.type === 'user_message' && e.seq > 0 && e.reveals.includes('booking_id') ? { ...e, text: reply } : e)),
  });

  it.each([
    [80, 24],
    [100, 30],
    [60, 20],
  ])('at %i×%i each event is one row, its line breaks shown as ⏎; the header stays first', async (columns, rows) => {
    const r = multi();
    const at = r.events.findIndex((e) => e.type === 'user_message' && e.text === reply);
    expect(at).toBeGreaterThan(0);
    const inst = renderInTerminal(<ViewerScreen rec={r} file="recordings/r1.json" onFork={() => {}} onQuit={() => {}} />, columns, rows);
    mounted.push(inst.unmount);
    const v = keyboard(inst);
    let f = await frameWhere(inst.lastFrame, step(1));
    for (let n = 2; n <= at + 1; n++) f = await v.press(KEY.right, step(n));
    const lines = f.split('\n');
    expect(lines.length, f).toBeLessThan(rows);
    expect(lines[0]).toMatch(new RegExp(`^step ${at + 1}/${r.events.length} · event #\\d+`));
    expect(current(f)).toMatch(/❯\s+\d+ user\s+Sure, here it is: ⏎ BK-4411 ⏎ Thanks!/);
    // No row of the list holds only a piece of the message.
    expect(lines.filter((l) => /^│\s*(BK-4411|Thanks!)/.test(l))).toEqual([]);
    // One row per event in the list box: as many rows as the box has event numbers.
    const box = lines.slice(2, lines.findIndex((l, i) => i > 1 && l.startsWith('╰')));
    for (const l of box) expect(l, f).toMatch(/^│ [❯ ]\s+\d+ /);
  });
});
