import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/domain/events.js';
import type { Task } from '../../../src/domain/task.js';
import { scriptAgent } from '../../../src/roles/script-agent.js';
import { simUser } from '../../../src/roles/sim-user.js';
import type { Player } from '../../../src/ui/components/TaskCard.js';
import { SessionScreen } from '../../../src/ui/screens/SessionScreen.js';
import { SessionController, type SessionSnapshot } from '../../../src/ui/session-controller.js';
import { frameWith, humanAgentController, humanUserController, inputRow, KEY, keyboard, until } from '../../helpers/ink.js';
import { exampleTask } from '../../helpers/tasks.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

/** Renders the live session screen; `ended` collects what onEnd got. */
function session(controller: SessionController = humanAgentController(), player: Player = 'agent', others = { agent: 'human', user: 'sim' }) {
  const ended: SessionSnapshot[] = [];
  const inst = render(<SessionScreen controller={controller} player={player} others={others} onEnd={(s) => ended.push(s)} />);
  mounted.push(() => {
    inst.unmount();
    controller.abort(); // a session left waiting for a move ends here
  });
  const keys = keyboard(inst);
  const side = player === 'user' ? 'user' : 'agent';
  return {
    ...inst,
    ...keys,
    controller,
    ended,
    /** Types a line into the input and presses Enter; waits until the frame satisfies `ok`. */
    send: async (line: string, ok: (frame: string) => boolean, what?: string): Promise<string> => {
      await keys.type(side, line);
      return keys.press(KEY.enter, ok, what ?? `the frame after sending ${JSON.stringify(line)}`);
    },
    ready: () => frameWith(inst.lastFrame, `${side} ❯`),
  };
}

/** The status icon of a rubric line in the panel ("·", "✓", "✗"…), found by the item's description. */
function rubricIcon(frame: string, description: string): string | undefined {
  const re = new RegExp(`([·✓○✗?]) (?:⛔ )?${description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  return re.exec(frame)?.[1];
}

const has = (...texts: string[]) => (f: string) => texts.every((t) => f.includes(t));

describe('SessionScreen, human agent against the rule simulator', () => {
  it('asking a question reveals a fact, ticks the rubric item and raises the score', async () => {
    const s = session();
    const before = await s.ready();
    // The agent player sees item ids, not descriptions (they may name facts still to ask for).
    expect(rubricIcon(before, 'asks-booking')).toBe('·');
    expect(before).not.toContain('Asks for the booking reference');
    expect(before).toContain('score 0.00');
    expect(before).not.toContain('BK-4411');

    const after = await s.send('What is your booking reference?', has('BK-4411'));
    expect(after).toMatch(/agent\s+What is your booking reference\?/);
    expect(after).toMatch(/user\s+It's BK-4411\.\s+🔓 reveals booking_id/);
    expect(after).toMatch(/✓ hit\s+asks-booking/);
    expect(rubricIcon(after, 'asks-booking')).toBe('✓');
    expect(rubricIcon(after, 'asks-seat')).toBe('·');
    expect(after).not.toContain('score 0.00');
    expect(after).toContain('score 0.25');
    // The line is cleared for the next move.
    expect(inputRow(after, 'agent')).toContain('message, /call TOOL {json}');
  });

  it('/call checks the arguments first: a bad call stays in the line with an error and logs nothing', async () => {
    const s = session();
    await s.ready();
    const bad = '/call get_booking {"booking_id": 12}';
    const f1 = await s.send(bad, has('invalid arguments'));
    expect(f1).toMatch(/invalid arguments for get_booking: booking_id/);
    expect(inputRow(f1, 'agent')).toContain(bad);
    expect(s.controller.getSnapshot().events.map((e) => e.type)).toEqual(['user_message']);

    await s.press('\u0015', (f) => !inputRow(f, 'agent').includes(bad), 'Ctrl+U clearing the line');
    const f2 = await s.send('/call get_booking {"booking_id":"BK-4411"}', has('← ok'));
    expect(f2).toMatch(/→ call\s+get_booking {"booking_id":"BK-4411"}/);
    expect(f2).toMatch(/← ok\s+\(query\) {"id":"BK-4411","passenger":"Dana Ruiz"/);
    expect(f2).not.toContain('invalid arguments'); // the error went with the good call
    expect(s.controller.getSnapshot().events.filter((e) => e.type === 'tool_call')).toHaveLength(1);

    const f3 = await s.send('/call get_booking {oops', has('bad JSON'));
    expect(f3).toMatch(/bad JSON: /);
    expect(inputRow(f3, 'agent')).toContain('/call get_booking {oops');

    await s.press('\u0015', (f) => !inputRow(f, 'agent').includes('{oops'), 'Ctrl+U clearing the line');
    const f4 = await s.send('/call fly_me {}', has('unknown tool'));
    expect(f4).toContain('unknown tool "fly_me" (tools: get_booking, search_flights, rebook, cancel_booking)');
    expect(s.controller.getSnapshot().events.filter((e) => e.type === 'tool_call')).toHaveLength(1);
  });

  it('/call! skips the check, so the mock answers a bad argument', async () => {
    const s = session();
    await s.ready();
    const f = await s.send('/call! get_booking {"booking_id": 12}', has('← error'));
    expect(f).toMatch(/→ call\s+get_booking {"booking_id":12}/);
    // The mock's own check answers, as a tool result: no inline error, and the line is cleared.
    expect(f).toMatch(/← error\s+\(invalid\) invalid arguments for get_booking: booking_id: /);
    expect(inputRow(f, 'agent')).toContain('message, /call');
    expect(s.controller.getSnapshot().events.find((e) => e.type === 'tool_result')).toMatchObject({ ok: false, via: 'invalid' });
  });

  it('/finish ends the session and hands the final snapshot to onEnd', async () => {
    const s = session();
    await s.ready();
    await s.send('What is your booking reference?', has('reveals booking_id'));
    await s.send('/finish Done', has('■ end'));
    await until(() => s.ended.length === 1, 'onEnd');
    const snap = s.ended[0]!;
    expect(snap.result).toMatchObject({ end: 'agent_finished', passed: false, score: 0.25 });
    expect(snap.events.at(-1)).toMatchObject({ type: 'end', reason: 'agent_finished' });
    expect(snap.events.find((e) => e.type === 'agent_message' && e.text === 'Done')).toBeDefined();
    expect(snap.state.ended).toBe('agent_finished');
    expect(s.frame()).toMatch(/rubric score 0\.25\s+FAILED/);
    expect(s.frame()).not.toContain('agent ❯');
  });

  it('the spoiler (Ctrl+O, or /spoiler) shows the hidden side and hides it again', async () => {
    const s = session();
    const before = await s.ready();
    for (const hidden of ['SPOILER', 'goal:', 'seat preference: aisle', 'booking reference: BK-4411', 'persona:']) expect(before).not.toContain(hidden);
    expect(before).toContain('tools: get_booking');

    const on = await s.press(KEY.ctrlO, has('SPOILER'));
    expect(on).toMatch(/Rebook a cancelled flight · travel · easy\s+SPOILER/);
    expect(on).toContain('goal: Move booking BK-4411');
    expect(on).toMatch(/🔒 seat preference: aisle/);
    expect(on).toMatch(/🔒 booking reference: BK-4411/);

    const off = await s.press(KEY.ctrlO, (f) => !f.includes('SPOILER'));
    expect(off).not.toContain('goal:');
    expect(off).not.toContain('seat preference: aisle');

    const again = await s.send('/spoiler', has('SPOILER'));
    expect(again).toContain('goal: Move booking BK-4411');
  });

  it('/help lists the agent commands and keys, and toggles off', async () => {
    const s = session();
    await s.ready();
    const f = await s.send('/help', has('commands for the agent'));
    for (const text of ['/call TOOL {json}', '/call! TOOL {json}', '/tools', '/finish [text]', '/spoiler', '/help', 'Esc close this help', 'Ctrl+C end the session', 'Ctrl+O', '↑ / ↓']) expect(f).toContain(text);
    expect(f).not.toContain('/stop');
    const off = await s.send('/help', (fr) => !fr.includes('commands for the agent'));
    expect(off).not.toContain('/call! TOOL');
  });

  it.each([
    ['/stop', '/stop is for the user side'],
    ['/fly', 'unknown command /fly (see /help)'],
  ])('%s on the agent side is refused with "%s"', async (line, error) => {
    const s = session();
    await s.ready();
    const f = await s.send(line, has(error));
    expect(inputRow(f, 'agent')).toContain(line);
    expect(s.controller.getSnapshot().events).toHaveLength(1);
  });

  it('Enter on an empty line does nothing', async () => {
    const s = session();
    await s.ready();
    await s.press('   ', (f) => !inputRow(f, 'agent').includes('message, /call'), 'spaces replacing the placeholder');
    await s.press(KEY.enter, (fr) => inputRow(fr, 'agent') !== '');
    // The Enter was handled (the next key lands after it) and kept the spaces: nothing was sent.
    const f = await s.press('x', (fr) => inputRow(fr, 'agent').includes('x'));
    expect(inputRow(f, 'agent')).toBe('agent ❯    x');
    expect(s.controller.getSnapshot().events).toHaveLength(1);
    expect(s.controller.getSnapshot().waiting).toBe('agent');
    expect(f).not.toMatch(/^agent {2}/m); // no agent row in the transcript
    expect(f.split('\n').filter((l) => l.startsWith('user ')).length).toBe(1);
  });

  it('Up recalls earlier inputs (a refused one too), Down goes back to an empty line', async () => {
    const s = session();
    await s.ready();
    await s.send('What is your booking reference?', has('reveals booking_id'));
    await s.send('/call get_booking {"booking_id": 12}', has('invalid arguments'));
    await s.press('\u0015', (f) => inputRow(f, 'agent').includes('message, /call'), 'Ctrl+U');

    const up1 = await s.press(KEY.up, (f) => inputRow(f, 'agent').includes('{"booking_id": 12}'));
    expect(inputRow(up1, 'agent')).toContain('/call get_booking {"booking_id": 12}');
    const up2 = await s.press(KEY.up, (f) => inputRow(f, 'agent').includes('What is your booking reference?'));
    expect(inputRow(up2, 'agent')).not.toContain('/call');
    // At the oldest entry, Up stays there.
    await s.press(KEY.up, (f) => inputRow(f, 'agent').includes('What is your booking reference?'));
    await s.press(KEY.down, (f) => inputRow(f, 'agent').includes('{"booking_id": 12}'));
    const empty = await s.press(KEY.down, (f) => inputRow(f, 'agent').includes('message, /call'));
    expect(inputRow(empty, 'agent')).not.toContain('booking');

    // A recalled line can be edited and sent.
    await s.press(KEY.up, (f) => inputRow(f, 'agent').includes('{"booking_id": 12}'));
    await s.press(KEY.left, (f) => inputRow(f, 'agent').includes('/call'));
    for (const rest of ['{"booking_id": 1}', '{"booking_id": }']) await s.press('\u007F', (f) => inputRow(f, 'agent').includes(rest));
    await s.type('agent', '"BK-4411"');
    await s.press(KEY.enter, has('← ok'));
    expect(s.controller.getSnapshot().events.find((e) => e.type === 'tool_call')).toMatchObject({ tool: 'get_booking', args: { booking_id: 'BK-4411' } });
  });

  it('/tools: pick a tool with the arrows, fill its parameters, and the call is made', async () => {
    const s = session();
    await s.ready();
    const picker = await s.send('/tools', has('pick a tool'));
    expect(picker).toMatch(/❯ get_booking/);
    expect(inputRow(picker, 'agent')).toBe(''); // the form replaces the input line
    await s.press(KEY.down, (f) => /❯ search_flights/.test(f));
    const form = await s.press(KEY.enter, has('parameter 1 of 3'));
    expect(form).toMatch(/origin \(string, required\)/);

    await s.type('origin', 'SFO');
    await s.press(KEY.enter, has('parameter 2 of 3'));
    const f2 = s.frame();
    expect(f2).toContain('origin = "SFO"');
    await s.type('destination', 'DEN');
    await s.press(KEY.enter, has('parameter 3 of 3'));
    // A required parameter cannot be left empty.
    const empty = await s.press(KEY.enter, has('date is required'));
    expect(empty).toContain('parameter 3 of 3');
    await s.type('date', '2026-12-03');
    const done = await s.press(KEY.enter, has('← ok'));
    expect(done).toMatch(/→ call\s+search_flights {"origin":"SFO","destination":"DEN","date":"2026-12-03"}/);
    expect(done).toMatch(/← ok\s+\(query\) \[{"id":"UA14"/);
    expect(done).not.toContain('pick a tool');
    expect(inputRow(done, 'agent')).toContain('message, /call');
  });

  it('/tools: a value outside the enum is refused as it is typed, and the values so far are kept', async () => {
    const s = session();
    await s.ready();
    await s.send('/tools', has('pick a tool'));
    await s.press(KEY.up, (f) => /❯ cancel_booking/.test(f)); // ↑ wraps around to the last tool
    await s.press(KEY.up, (f) => /❯ rebook/.test(f));
    await s.press(KEY.enter, has('rebook parameter 1 of 3'));
    for (const [name, value, next] of [['booking_id', 'BK-4411', 'parameter 2 of 3'], ['flight_id', 'UA14', 'parameter 3 of 3']] as const) {
      await s.type(name, value);
      await s.press(KEY.enter, has(next));
    }
    expect(s.frame()).toContain('seat (string, one of aisle|window|middle, required)');
    await s.type('seat', 'front');
    const f = await s.press(KEY.enter, has('seat: Invalid option'));
    expect(f).toContain('seat: Invalid option: expected one of "aisle"|"window"|"middle"');
    // The values so far stay; the bad one stays in the line to be fixed.
    expect(f).toContain('rebook parameter 3 of 3');
    expect(f).toContain('booking_id = "BK-4411"');
    expect(s.controller.getSnapshot().events.filter((e) => e.type === 'tool_call')).toHaveLength(0);
  });

  it('/tools: Esc cancels the form without ending the session', async () => {
    const s = session();
    await s.ready();
    await s.send('/tools', has('pick a tool'));
    await s.press(KEY.enter, has('parameter 1 of 1'));
    const back = await s.press(KEY.esc, (f) => !f.includes('parameter 1 of 1') && inputRow(f, 'agent') !== '');
    expect(back).not.toContain('pick a tool');
    expect(s.controller.getSnapshot().result).toBeNull();
    expect(s.ended).toHaveLength(0);
    expect(s.controller.getSnapshot().events.map((e) => e.type)).toEqual(['user_message']);
  });

  it.each([
    ['Esc, then y', [KEY.esc, 'y']],
    ['Esc, then Enter', [KEY.esc, KEY.enter]],
    ['Ctrl+C', [KEY.ctrlC]],
  ])('%s ends the session as aborted', async (_name, keys) => {
    const s = session();
    await s.ready();
    await s.send('What is your booking reference?', has('reveals booking_id'));
    if (keys.length === 2) await s.press(keys[0]!, has('End the session now?'));
    await s.press(keys.at(-1)!, has('■ end', 'aborted'));
    await until(() => s.ended.length === 1, 'onEnd');
    expect(s.ended[0]!.result?.end).toBe('aborted');
    expect(s.ended[0]!.events.at(-1)).toMatchObject({ type: 'end', reason: 'aborted' });
  });

  it('a keystroke still updates the input line with ~2,000 events in the transcript', async () => {
    const task: Task = { ...exampleTask(), limits: { maxTurns: 5000 } };
    const prefix: Event[] = [{ seq: 0, type: 'user_message', text: task.instruction, reveals: [] }];
    while (prefix.length < 2001) {
      prefix.push({ seq: prefix.length, type: 'agent_message', text: `Question ${prefix.length}?`, question: true, asks: [] });
      prefix.push({ seq: prefix.length, type: 'user_message', text: "Sorry, I don't know that.", reveals: [] });
    }
    const controller = new SessionController({ loaded: { task }, agent: { kind: 'human' }, user: { kind: 'given', role: simUser() }, fork: { prefix } });
    const s = session(controller);
    await s.ready();
    expect(controller.getSnapshot().events.length).toBeGreaterThanOrEqual(2001);
    expect(s.frame()).toContain('Question 1999?');
    await s.type('agent', 'x');
    await s.press('y', (f) => inputRow(f, 'agent').includes('xy'));
    expect(inputRow(s.frame(), 'agent')).toBe('agent ❯ xy');
  });
});

describe('SessionScreen, human user against a scripted agent', () => {
  const asker = () => scriptAgent([{ say: 'What is your booking reference?' }], { kind: 'script' });

  it('shows the user side of the task and the user commands', async () => {
    const s = session(humanUserController(asker()), 'user', { agent: 'script', user: 'human' });
    const f = await s.ready();
    expect(f).toMatch(/agent\s+What is your booking reference\?/);
    expect(f).toContain('persona: A busy traveler');
    expect(f).toMatch(/🔒 booking reference: BK-4411/);
    // The full instruction is the user's own goal: on this side it is not a spoiler.
    expect(f).toContain('your goal: Move booking BK-4411');
    expect(f).not.toContain('SPOILER');
    expect(inputRow(f, 'user')).toContain('reply, /stop, /help');
    const help = await s.send('/help', has('commands for the user'));
    expect(help).toContain('/stop');
    expect(help).toContain('end the conversation as the user');
    expect(help).not.toContain('/call TOOL');
    expect(help).not.toContain('/finish');
    const refused = await s.send('/finish', has('/finish is for the agent side'));
    expect(inputRow(refused, 'user')).toContain('/finish');
  });

  it('/stop ends the session as user_stopped', async () => {
    const s = session(humanUserController(asker()), 'user', { agent: 'script', user: 'human' });
    await s.ready();
    await s.send('/stop', has('■ end', 'user stopped'));
    await until(() => s.ended.length === 1, 'onEnd');
    expect(s.ended[0]!.result?.end).toBe('user_stopped');
  });

  it("the user's reply reveals a fact and unlocks it on the card", async () => {
    const s = session(humanUserController(asker()), 'user', { agent: 'script', user: 'human' });
    await s.ready();
    const f = await s.send("It's BK-4411.", has('reveals booking_id'));
    expect(f).toMatch(/user\s+It's BK-4411\.\s+🔓 reveals booking_id/);
    await until(() => s.ended.length === 1, 'onEnd (the script has run out, so the agent finishes)');
    expect(s.frame()).toMatch(/🔓 booking reference: BK-4411/);
    expect(s.ended[0]!.result?.end).toBe('agent_finished');
  });
});

describe('InputLine, several keys in one chunk of input', () => {
  // A terminal hands over whatever bytes arrived since the last read; Ink splits the chunk at escape
  // sequences and calls the input handler for each key in the same tick, before React re-binds it.
  it('text, Left and more text in one chunk edit the line as typed one by one', async () => {
    const s = session();
    await s.ready();
    // Regression (fixed): InputLine reads `text`/`cursor` from the closure of its last render, so the third key sees
    // the line as empty and replaces it: the line shows "x" instead of "abxc".
    const f = await s.press('abc\u001B[Dx', (fr) => !inputRow(fr, 'agent').includes('message, /call'));
    expect(inputRow(f, 'agent')).toMatch(/agent ❯ abxc/);
  });

  it('several Backspaces in one chunk erase, rather than insert DEL characters', async () => {
    const s = session();
    await s.ready();
    await s.type('agent', 'Is it BK-4411?');
    // Regression (fixed): Ink hands "\x7f\x7f" over as one input of two characters; each must erase.
    await s.press('\u007F\u007F', (f) => inputRow(f, 'agent') !== '');
    await s.press(KEY.enter, (f) => f.includes('user stopped'));
    const said = s.controller.getSnapshot().events.find((e) => e.type === 'agent_message');
    expect(said?.type === 'agent_message' && said.text.replace(/\u007F/g, '<DEL>')).toBe('Is it BK-441');
  });

  it('Up then Enter in one chunk sends the recalled line', async () => {
    const s = session();
    await s.ready();
    await s.send('What is your booking reference?', has('reveals booking_id'));
    // Regression (fixed): the Enter reaches the handler of the render before the recall, whose line is empty, so
    // nothing is sent and the recalled line just sits there.
    await s.press(`${KEY.up}\r`, (f) => (f.match(/What is your booking reference\?/g) ?? []).length >= 2 || inputRow(f, 'agent').includes('What is'));
    await until(() => s.controller.getSnapshot().events.filter((e) => e.type === 'agent_message').length === 2, 'the recalled line to be sent', 500);
    const sent = s.controller.getSnapshot().events.flatMap((e) => (e.type === 'agent_message' ? [e.text] : []));
    expect(sent).toEqual(['What is your booking reference?', 'What is your booking reference?']);
  });
});
