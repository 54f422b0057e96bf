import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { ViewerScreen } from '../../src/ui/screens/ViewerScreen.js';
import { frameWith, KEY, keyboard, until } from '../helpers/ink.js';
import { exampleTask } from '../helpers/tasks.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

let rec: Recording;
beforeAll(async () => {
  const task = exampleTask();
  const { log, result } = await runSession({ task, agent: scriptAgent(task.reference ?? [], { kind: 'reference' }), user: simUser() });
  rec = {
    format: RECORDING_FORMAT, id: 'r1', createdAt: '2026-01-01T00:00:00.000Z', task, roles: { agent: { kind: 'reference' }, user: { kind: 'sim' } },
    events: [...log.events], result, complete: true,
  };
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
    expect(f).toContain('state after #0');
    expect(f).toContain('revealed: nothing yet');
    expect(f).toMatch(/rubric score 0\.00\s+\(live\)/);
  });

  it('→ steps forward, End jumps to the end, Home back to the start, ← steps back', async () => {
    const v = viewer();
    await frameWith(v.lastFrame, `step 1/${rec.events.length}`);
    for (const n of [2, 3, 4]) await v.press(KEY.right, step(n));
    const f4 = v.frame();
    expect(current(f4)).toMatch(/❯\s+3 ✓ hit\s+asks-booking/);
    expect(f4).toContain('revealed: booking_id=BK-4411');
    expect(f4).toContain('turns 1 · tool calls 0 · questions 1');

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

  it('f forks from the current step with its seq, but not from the end event', async () => {
    const v = viewer();
    await frameWith(v.lastFrame, `step 1/${rec.events.length}`);
    for (const n of [2, 3, 4]) await v.press(KEY.right, step(n));
    v.stdin.write('f');
    await until(() => v.forks.length === 1, 'onFork');
    expect(v.forks).toEqual([rec.events[3]!.seq]);

    await v.press(KEY.end, step(rec.events.length));
    v.stdin.write('f');
    await v.press(KEY.home, step(1));
    v.stdin.write('f');
    await until(() => v.forks.length === 2, 'the second onFork');
    expect(v.forks).toEqual([3, 0]);
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
    expect(f).toContain(`step 1/${rec.events.length} · incomplete`);
  });
});
