import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserRole } from '../../src/roles/role.js';
import { parseRoleSpec } from '../../src/roles/role-spec.js';
import { simUser } from '../../src/roles/sim-user.js';
import { helpRows } from '../../src/ui/components/HelpBox.js';
import { SessionScreen } from '../../src/ui/screens/SessionScreen.js';
import { SessionController, type SessionSnapshot } from '../../src/ui/session-controller.js';
import { frameWhere, keyboard } from '../helpers/ink.js';
import { exampleTask } from '../helpers/tasks.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

/** The rule simulator, holding its first reply until `release()`; `replied` settles once that reply is logged. */
function heldSim(): { role: UserRole; release: () => void; replied: Promise<void> } {
  const sim = simUser();
  let release = (): void => {};
  let done = (): void => {};
  const gate = new Promise<void>((r) => (release = r));
  const replied = new Promise<void>((r) => (done = r));
  let first = true;
  const role: UserRole = {
    info: sim.info,
    act: async (turn, ctx) => {
      if (!first) return sim.act(turn, ctx);
      first = false;
      await gate;
      const reply = await sim.act(turn, ctx);
      // The session logs the reply in the microtasks after this returns; setImmediate runs after them.
      setImmediate(done);
      return reply;
    },
  };
  return { role, release, replied };
}

function watch(user: UserRole, pace = 0) {
  const controller = new SessionController({ loaded: { task: exampleTask() }, agent: parseRoleSpec('agent', 'reference'), user: { kind: 'given', role: user }, pace });
  const ended: SessionSnapshot[] = [];
  const inst = render(<SessionScreen controller={controller} player="none" others={{ agent: 'reference', user: 'sim' }} onEnd={(s) => ended.push(s)} />);
  mounted.push(() => {
    inst.unmount();
    controller.abort();
  });
  return { ...inst, ...keyboard(inst), controller, ended };
}

const shown = (c: SessionController): number => c.getSnapshot().events.length;
const rows = (frame: string): number => frame.split('\n').filter((l) => /^\s*#\d+\b|^#\d+/.test(l.trim()) || /^(user|agent|tool|note)\b/.test(l.trim())).length;

describe('watching a session (nobody plays): Space pauses, n steps', () => {
  it('a paused session shows no new event until n, then exactly one more per n; Space resumes to the end', async () => {
    const sim = heldSim();
    const s = watch(sim.role);
    // The reference agent's first move shows, then the simulated user (held) is thinking.
    await frameWhere(s.lastFrame, (f) => f.includes('Space pauses'), 'the watching footer');
    const paused = await s.press(' ', (f) => f.includes('paused — Space resumes, n steps'), 'the paused footer');
    expect(paused).toContain('⏸ paused'); // not a spinner: nothing is working
    const before = shown(s.controller);
    const beforeRows = rows(paused);
    expect(before).toBeGreaterThan(0);

    // The user's reply is logged while paused, and stays hidden.
    sim.release();
    await sim.replied;
    await new Promise((r) => setImmediate(r));
    expect(shown(s.controller)).toBe(before);
    expect(s.frame()).toContain('paused — Space resumes, n steps');
    expect(rows(s.frame())).toBe(beforeRows);
    expect(s.controller.getSnapshot().events.some((e) => e.type === 'user_message' && e.seq > 0)).toBe(false);
    // The card and rubric follow what shows, not the log (they were one move ahead): the held reply is not counted.
    expect(s.controller.getSnapshot().state.userMessages).toBe(1);
    expect(s.controller.getSnapshot().state.nextSeq).toBe(before);

    // n: exactly that reply shows.
    const one = await s.press('n', () => shown(s.controller) === before + 1, 'one more event');
    expect(s.controller.getSnapshot().events.at(-1)?.type).toBe('user_message');
    expect(s.controller.getSnapshot().state.userMessages).toBe(2);
    expect(one).toContain('paused — Space resumes, n steps');
    // n again: the session makes its next move, and exactly its first event shows.
    await s.press('n', () => shown(s.controller) === before + 2, 'the next move');
    await new Promise((r) => setImmediate(r));
    expect(shown(s.controller)).toBe(before + 2);
    expect(s.ended).toHaveLength(0);

    // Space: it runs on (pace 0: as fast as it goes) to its end.
    await s.press(' ', () => s.ended.length === 1, 'the end');
    expect(s.ended[0]!.paused).toBe(false);
    expect(s.ended[0]!.events.length).toBeGreaterThan(before + 2);
  });

  it('--pace holds each event back; n does nothing unless paused; Esc ends a paused session with all shown', async () => {
    const s = watch(simUser(), 60_000);
    // At a 60 s pace only what was there before the first move (the instruction) shows.
    await frameWhere(s.lastFrame, (f) => f.includes('Space pauses'), 'the watching footer');
    expect(shown(s.controller)).toBe(1);
    s.stdin.write('n');
    await s.press(' ', (f) => f.includes('paused — Space resumes'), 'the paused footer');
    expect(shown(s.controller)).toBe(1);
    await s.press('n', () => shown(s.controller) === 2, 'one more event');
    await s.press('\u001b', (f) => f.includes('End the session now?'), 'the confirm line');
    await s.press('y', () => s.ended.length === 1, 'the end');
    expect(s.ended[0]!.result?.end).toBe('aborted');
    expect(s.ended[0]!.events.length).toBeGreaterThanOrEqual(2);
  });

  it('/help lists Space and n', () => {
    const text = helpRows('agent', 200).map((r) => r.name + r.text).join('\n');
    expect(text).toContain('Space / n');
    expect(text).toContain('n shows one more event while paused');
  });
});
