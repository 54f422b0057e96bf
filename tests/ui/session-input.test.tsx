import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserRole } from '../../src/roles/role.js';
import { simUser } from '../../src/roles/sim-user.js';
import { SessionScreen } from '../../src/ui/screens/SessionScreen.js';
import type { SessionController, SessionSnapshot } from '../../src/ui/session-controller.js';
import { frameWith, humanAgentController, inputRow, KEY, keyboard, until } from '../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

/** The rule simulator, holding its first reply until `release()` (a slow model, say). */
function heldSim(): { role: UserRole; release: () => void } {
  const sim = simUser();
  let release = (): void => {};
  const gate = new Promise<void>((r) => (release = r));
  return { role: { info: sim.info, act: async (turn, ctx) => (await gate, sim.act(turn, ctx)) }, release };
}

function session(controller: SessionController = humanAgentController()) {
  const ended: SessionSnapshot[] = [];
  const inst = render(<SessionScreen controller={controller} player="agent" others={{ agent: 'human', user: 'sim' }} onEnd={(s) => ended.push(s)} />);
  mounted.push(() => {
    inst.unmount();
    controller.abort();
  });
  return { ...inst, ...keyboard(inst), controller, ended, ready: () => frameWith(inst.lastFrame, 'agent ❯') };
}

const agentMessages = (c: SessionController): string[] => c.getSnapshot().events.flatMap((e) => (e.type === 'agent_message' ? [e.text] : []));

describe('SessionScreen, typing while the other side replies', () => {
  // Regression (fixed): the input line was replaced by the spinner, so whatever was typed meanwhile went nowhere.
  it('keys typed while the simulator works are kept; Enter meanwhile sends nothing', async () => {
    const sim = heldSim();
    const s = session(humanAgentController(undefined, sim.role));
    await s.ready();
    await s.type('agent', 'What is your booking reference?');
    const waiting = await s.press(KEY.enter, (f) => f.includes('sim is replying…'));
    expect(agentMessages(s.controller)).toEqual(['What is your booking reference?']);
    expect(inputRow(waiting, 'agent')).toBe('agent ❯'); // the line was cleared for the next move

    await s.type('agent', 'And your seat?');
    s.stdin.write(KEY.enter);
    const typed = await s.press(' Aisle?', (f) => inputRow(f, 'agent') === 'agent ❯ And your seat? Aisle?');
    expect(typed).toContain('sim is replying…');
    expect(agentMessages(s.controller)).toHaveLength(1);

    sim.release();
    const back = await s.press('', (f) => f.includes('reveals booking_id') && !f.includes('sim is replying…'), 'the reply');
    expect(inputRow(back, 'agent')).toBe('agent ❯ And your seat? Aisle?');
    await s.press(KEY.enter, () => agentMessages(s.controller).length === 2, 'the buffered line to be sent');
    expect(agentMessages(s.controller)[1]).toBe('And your seat? Aisle?');
  });
});

describe('SessionScreen, a multi-line paste', () => {
  it('is one message, sent once on Enter, with nothing lost', async () => {
    const s = session();
    await s.ready();
    const lines = Array.from({ length: 150 }, (_, i) => `Do you know the weather ${i + 1}?`);
    s.stdin.write(`${lines.join('\r')}\r`);
    await frameWith(s.lastFrame, 'weather 150?');
    expect(agentMessages(s.controller)).toEqual([]);
    await s.press(KEY.enter, () => agentMessages(s.controller).length === 1);
    expect(agentMessages(s.controller)).toEqual([lines.join(' ')]);
  });
});

describe('SessionScreen, Esc', () => {
  // Regression (fixed): Esc ended the session whatever was open.
  it('closes /help first, and only then ends the session', async () => {
    const s = session();
    await s.ready();
    await s.type('agent', '/help');
    await s.press(KEY.enter, (f) => f.includes('commands for the agent'));
    const closed = await s.press(KEY.esc, (f) => !f.includes('commands for the agent'));
    expect(closed).toContain('agent ❯');
    expect(s.controller.getSnapshot().result).toBeNull();
    // Regression (fixed): one Esc too many after closing /help ended the session at once.
    const asked = await s.press(KEY.esc, (f) => f.includes('End the session now?'));
    expect(asked).toContain('agent ❯');
    expect(s.controller.getSnapshot().result).toBeNull();
    await s.press('y', (f) => f.includes('aborted'));
    await until(() => s.ended.length === 1, 'onEnd');
    expect(s.ended[0]!.result?.end).toBe('aborted');
  });

  // Regression (fixed): Esc with a half-typed line ended the session and the text was lost.
  it('Esc with typed text asks first; any other key goes back with the text kept', async () => {
    const s = session();
    await s.ready();
    await s.type('agent', 'Which seat would');
    const asked = await s.press(KEY.esc, (f) => f.includes('End the session now?'));
    expect(inputRow(asked, 'agent')).toBe('agent ❯ Which seat would');
    // The key that answers "no" is not typed into the line.
    const back = await s.press('n', (f) => !f.includes('End the session now?'));
    expect(inputRow(back, 'agent')).toBe('agent ❯ Which seat would');
    expect(s.controller.getSnapshot().result).toBeNull();
    await s.type('agent', ' you like?');
    expect(inputRow(s.frame(), 'agent')).toBe('agent ❯ Which seat would you like?');
  });

  it('closes the spoiler view first', async () => {
    const s = session();
    await s.ready();
    await s.press(KEY.ctrlO, (f) => f.includes('SPOILER'));
    await s.press(KEY.esc, (f) => !f.includes('SPOILER'));
    expect(s.controller.getSnapshot().result).toBeNull();
  });

  it('Ctrl+C ends the session even with /help open', async () => {
    const s = session();
    await s.ready();
    await s.type('agent', '/help');
    await s.press(KEY.enter, (f) => f.includes('commands for the agent'));
    s.stdin.write(KEY.ctrlC);
    await until(() => s.ended.length === 1, 'onEnd');
    expect(s.ended[0]!.state.ended).toBe('aborted');
    expect(s.ended[0]!.events.at(-1)).toMatchObject({ type: 'end', reason: 'aborted' });
  });
});
