import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { scriptAgent } from '../../../src/roles/script-agent.js';
import { simUser } from '../../../src/roles/sim-user.js';
import { type EndAction, EndScreen } from '../../../src/ui/screens/EndScreen.js';
import { SessionScreen } from '../../../src/ui/screens/SessionScreen.js';
import { SessionController, type SessionSnapshot } from '../../../src/ui/session-controller.js';
import { frameWith, humanAgentController, KEY, keyboard, until } from '../../helpers/ink.js';
import { exampleTask } from '../../helpers/tasks.js';
import { renderInTerminal } from '../render-in-terminal.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

/** Plays "ask for the reference, then /finish Done" on the session screen; returns what onEnd got. */
async function finishedByHand(): Promise<SessionSnapshot> {
  const ended: SessionSnapshot[] = [];
  const inst = render(<SessionScreen controller={humanAgentController()} player="agent" others={{ agent: 'human', user: 'sim' }} onEnd={(s) => ended.push(s)} />);
  mounted.push(inst.unmount);
  const k = keyboard(inst);
  await frameWith(inst.lastFrame, 'agent ❯');
  await k.type('agent', 'What is your booking reference?');
  await k.press(KEY.enter, (f) => f.includes('reveals booking_id'));
  await k.type('agent', '/finish Done');
  await k.press(KEY.enter, (f) => f.includes('■ end'));
  await until(() => ended.length > 0, 'onEnd');
  expect(ended).toHaveLength(1);
  return ended[0]!;
}

/** The reference solution against the simulator, run by the controller alone. */
async function referenceSnapshot(): Promise<SessionSnapshot> {
  const task = exampleTask();
  const c = new SessionController({ loaded: { task }, agent: { kind: 'given', role: scriptAgent(task.reference ?? [], { kind: 'reference' }) }, user: { kind: 'given', role: simUser() } });
  await c.start();
  return c.getSnapshot();
}

function endScreen(snap: SessionSnapshot, reward: 'paper' | 'released' = 'paper') {
  const actions: EndAction[] = [];
  const inst = render(<EndScreen snap={snap} notice="" onAction={(a) => actions.push(a)} reward={reward} />);
  mounted.push(inst.unmount);
  return { ...inst, ...keyboard(inst), actions };
}

const ITEMS = [
  'Asks for the booking reference',
  'Asks for the seat preference',
  'Looks the booking up',
  'Searches same-day SFO-DEN flights',
  'Booking ends on UA14 with an aisle seat',
  'Tells the customer the new flight',
  'Cancels the booking',
  'Uses a booking reference before asking for it',
  'Picks a seat before asking',
];

describe('EndScreen', () => {
  it('after /finish: FAILED, the score, every rubric item with its status and cause', async () => {
    const snap = await finishedByHand();
    expect(snap.result).toMatchObject({ end: 'agent_finished', score: 0.25, passed: false });
    const s = endScreen(snap);
    const f = await frameWith(s.lastFrame, 'FAILED');
    expect(f).toMatch(/FAILED score 0\.25\s+released 0\.00 · policy 3\/3, subgoal 0\/4, interaction 1\/2[\s║]+subgoals 0% · interactions 50% · ended: agent finished/);
    for (const item of ITEMS) expect(f).toContain(item);
    expect(f).toMatch(/✓ satisfied\s+Asks for the booking reference\s+← #2 user It's BK-4411\./);
    expect(f).toMatch(/○ missed\s+Asks for the seat preference/);
    expect(f).toMatch(/○ missed\s+Booking ends on UA14 with an aisle seat/);
    expect(f).toMatch(/· not violated\s+⛔ Cancels the booking/);
    expect(f).not.toMatch(/✓ \S*\s+⛔/); // a forbidden item never done does not look done
    expect(f).not.toContain('PASSED');
    expect(f).not.toContain('recording:'); // recorded nowhere
  });

  it('after the reference solution: PASSED with score 1.00, the world check earned at the end', async () => {
    const snap = await referenceSnapshot();
    const s = endScreen({ ...snap, recordingFile: 'recordings/x.json' });
    const f = await frameWith(s.lastFrame, 'PASSED');
    expect(f).toMatch(/PASSED score 1\.00\s+released 1\.00 · policy 3\/3, subgoal 4\/4, interaction 2\/2[\s║]+subgoals 100% · interactions 100% · ended: agent finished/);
    for (const item of ITEMS.slice(0, 6)) expect(f).toMatch(new RegExp(`✓ satisfied\\s+${item}`));
    for (const item of ITEMS.slice(6)) expect(f).toMatch(new RegExp(`· not violated\\s+⛔ ${item}`));
    expect(f).toMatch(/Booking ends on UA14 with an aisle seat\s+← final world/);
    expect(f).toContain('recording: recordings/x.json');
    expect(f).not.toContain('(incomplete)');
  });

  it('--reward released: the released reward is the headline, the paper score beside it', async () => {
    const snap = await finishedByHand();
    const f = await frameWith(endScreen(snap, 'released').lastFrame, 'FAILED');
    expect(f).toMatch(/FAILED released 0\.00\s+paper 0\.25 · policy 3\/3, subgoal 0\/4, interaction 1\/2/);
  });

  it('keys: v views and g promotes only with a recording; p plays again; q, Esc, Enter and Ctrl+C quit', async () => {
    const snap = await finishedByHand();
    const none = endScreen(snap);
    await frameWith(none.lastFrame, 'FAILED');
    // Without a recording, v and g do nothing: the next action seen is the one of p.
    none.stdin.write('v');
    none.stdin.write('g');
    none.stdin.write('p');
    await until(() => none.actions.length > 0, 'an action');
    expect(none.actions).toEqual(['again']);
    none.unmount();

    const s = endScreen({ ...snap, recordingFile: 'x.json' });
    await frameWith(s.lastFrame, 'recording: x.json');
    const keys: [string, EndAction][] = [['q', 'quit'], ['v', 'view'], ['p', 'again'], ['g', 'golden'], [KEY.enter, 'quit'], [KEY.ctrlC, 'quit'], [KEY.esc, 'quit']];
    for (const [key, action] of keys) {
      const before = s.actions.length;
      s.stdin.write(key);
      await until(() => s.actions.length > before, `the action of ${JSON.stringify(key)}`);
      expect(s.actions.at(-1)).toBe(action);
    }
    expect(s.actions).toHaveLength(keys.length);
  });

  it('an aborted session is marked incomplete, and a notice is shown', async () => {
    const snap = await finishedByHand();
    const aborted: SessionSnapshot = { ...snap, recordingFile: 'x.json', result: { ...snap.result!, end: 'aborted' } };
    const inst = render(<EndScreen snap={aborted} notice="promoted to fixtures/golden/x.json" onAction={() => {}} />);
    mounted.push(inst.unmount);
    const f = await frameWith(inst.lastFrame, 'recording: x.json');
    expect(f).toContain('recording: x.json (incomplete)');
    expect(f).toContain('ended: aborted');
    expect(f).toContain('promoted to fixtures/golden/x.json');
  });

  it('a save error replaces the recording line', async () => {
    const snap = await finishedByHand();
    const inst = render(<EndScreen snap={{ ...snap, recordingFile: 'x.json', saveError: 'could not save x.json: disk full' }} notice="" onAction={() => {}} />);
    mounted.push(inst.unmount);
    const f = await frameWith(inst.lastFrame, 'disk full');
    expect(f).not.toContain('recording: x.json');
  });

  it('g promotes once: pressed again after the promotion, it says so and copies nothing', async () => {
    const snap = { ...(await referenceSnapshot()), recordingFile: 'recordings/x.json' };
    const actions: EndAction[] = [];
    const onAction = (a: EndAction): void => void actions.push(a);
    const inst = render(<EndScreen snap={snap} notice="" onAction={onAction} />);
    mounted.push(inst.unmount);
    const k = keyboard(inst);
    await frameWith(inst.lastFrame, 'g promote to golden fixture');
    inst.stdin.write('g');
    await until(() => actions.length === 1, 'the promotion');
    // The app copies the file and says where it went.
    inst.rerender(<EndScreen snap={snap} notice="promoted to fixtures/golden/travel-rebook/x.json" onAction={onAction} />);
    const promoted = await frameWith(inst.lastFrame, 'promoted to fixtures/golden/travel-rebook/x.json');
    expect(promoted).not.toContain('g promote to golden fixture');
    const again = await k.press('g', (f) => f.includes('already promoted'));
    expect(again).toContain('already promoted (above); g does not copy it again');
    inst.stdin.write('g');
    inst.stdin.write('p');
    await until(() => actions.length === 2, 'the action of p');
    expect(actions).toEqual(['golden', 'again']);
  });

  it('an aborted recording is promoted only when g is pressed twice, after a warning', async () => {
    const snap = await finishedByHand();
    const aborted: SessionSnapshot = { ...snap, recordingFile: 'x.json', result: { ...snap.result!, end: 'aborted' } };
    const s = endScreen(aborted);
    await frameWith(s.lastFrame, 'recording: x.json (incomplete)');
    const warned = await s.press('g', (f) => f.includes('Press g again'));
    expect(warned).toContain('this recording is incomplete (aborted)');
    expect(s.actions).toEqual([]);
    s.stdin.write('g');
    await until(() => s.actions.length === 1, 'the promotion');
    expect(s.actions).toEqual(['golden']);
  });

  it('in a short terminal it stays shorter than the terminal: the items give way, violated and missed first, and are counted', async () => {
    const snap = await finishedByHand();
    const aborted: SessionSnapshot = { ...snap, recordingFile: 'recordings/travel-rebook-2026.json', result: { ...snap.result!, end: 'aborted' } };
    const inst = renderInTerminal(<EndScreen snap={aborted} notice="" onAction={() => {}} />, 60, 16);
    mounted.push(inst.unmount);
    const k = keyboard(inst);
    await frameWith(inst.lastFrame, 'p play again');
    // g on an aborted recording asks first: a warning of three rows at 60 columns.
    const f = await k.press('g', (fr) => fr.includes('Press g again'));
    expect(inst.liveRows(), f).toBeLessThan(16);
    expect(f).toMatch(/↓ \d+ more · ↑\/↓ scroll \(.*satisfied/);
    expect(f).toContain('○ missed'); // a missed item is kept before a satisfied one
    expect(f.replace(/[║\s]+/g, ' ')).toContain('recording: recordings/travel-rebook-2026.json (incomplete)'); // wrapped, not cut
    for (const l of f.split('\n')) expect(Array.from(l).length).toBeLessThanOrEqual(60);
    // Regression (fixed): the items could not be scrolled. PgDn goes to the last of them.
    const end = await k.press('\u001B[6~', (fr) => fr.includes('end of the items'));
    expect(end).toContain('· not violated');
    const back = await k.press('\u001B[A', (fr) => fr.includes('↑ 6 above'));
    expect(back).toContain('↓ 1 more');
    expect(inst.liveRows()).toBeLessThan(16);
  });
});
