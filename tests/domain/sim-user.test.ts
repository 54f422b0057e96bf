import { describe, expect, it } from 'vitest';
import { SIM_LINES, simReply } from '../../src/domain/sim-user.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

describe('rule user simulator', () => {
  const task = exampleTask();

  it.each<[string, string, ReturnType<typeof simReply>]>([
    ['reveals the fact whose alias was used, with its answer', 'What is your booking reference?', { type: 'say', text: "It's BK-4411." }],
    ['matches aliases case-insensitively', 'Your BOOKING, please?', { type: 'say', text: "It's BK-4411." }],
    ['reveals several facts in task order', 'Which seat, and what is the booking?', { type: 'say', text: "It's BK-4411. An aisle seat, please." }],
    ['reveals on a request without a question mark', 'Please tell me your booking reference.', { type: 'say', text: "It's BK-4411." }],
    ['does not match an alias inside another word', 'Shall I rebook you?', { type: 'say', text: SIM_LINES.confirm }],
    ['answers a question about nothing it knows without inventing', 'What is your date of birth?', { type: 'say', text: SIM_LINES.unknown }],
    ['stops on a statement that asks nothing', 'All done, you are rebooked.', { type: 'stop' }],
    ['stops on an empty message', '', { type: 'stop' }],
  ])('%s', (_name, message, expected) => {
    expect(simReply(task, message)).toEqual(expected);
  });

  it('without an answer, says the description and the value', () => {
    expect(simReply(tinyTask(), 'What is the order number?')).toEqual({ type: 'say', text: 'My order number is A-1.' });
  });

  it('is deterministic', () => {
    const a = simReply(task, 'Booking and seat?');
    expect(simReply(task, 'Booking and seat?')).toEqual(a);
  });

  it('never says a value that is not a fact value', () => {
    const values = task.user.facts.map((f) => String(f.value));
    for (const q of ['What is your name?', 'Where are you flying?', 'booking?', 'seat?', 'Anything else?']) {
      const r = simReply(task, q);
      if (r.type !== 'say') continue;
      const known = [SIM_LINES.confirm, SIM_LINES.unknown, ...task.user.facts.map((f) => f.answer)];
      expect(known.some((k) => k && r.text.includes(k)) || values.some((v) => r.text.includes(v))).toBe(true);
    }
  });

  describe('with facts already revealed (SPEC §3: "and what it has revealed")', () => {
    const revealed = new Set(['booking_id']);
    it.each<[string, string, ReturnType<typeof simReply>]>([
      ['a closing statement naming a fact already given stops', 'Your booking is confirmed.', { type: 'stop' }],
      ['a statement naming a fact already given and a new one reveals only the new one', 'Booking noted. And your seat', { type: 'say', text: 'An aisle seat, please.' }],
      ['a question about a fact already given repeats it', 'What was your booking reference again?', { type: 'say', text: "It's BK-4411." }],
      ['a confirmation question naming a fact already given is confirmed', 'Shall I rebook booking BK-4411?', { type: 'say', text: SIM_LINES.confirm }],
      ['a question about nothing it knows', 'Any meal preference?', { type: 'say', text: SIM_LINES.unknown }],
    ])('%s', (_name, message, expected) => {
      expect(simReply(task, message, revealed)).toEqual(expected);
    });
  });

  describe('wrong and right values (issue 12)', () => {
    const shipping = tinyTask({
      user: {
        facts: [
          { id: 'destination', description: 'destination', value: 'Porto', aliases: ['destination'], params: ['ship.city'] },
          { id: 'return_date', description: 'return date', value: '2026-12-20', aliases: ['return date'] },
          { id: 'date', description: 'departure date', value: '2026-12-10', aliases: ['date'] },
        ],
      },
      tools: [{ name: 'ship', description: 'Ship it.', parameters: { type: 'object', properties: { city: { type: 'string' } } }, mock: { default: { result: 'ok' } } }],
      world: { routes: [{ city: 'Lisbon' }, { city: 'Porto' }, { city: 'Faro' }] },
    });
    it.each<[string, string, string[], ReturnType<typeof simReply>]>([
      ['corrects a wrong value the task lists for the same slot, revealing the right one', 'Shall I send it to Lisbon?', [], { type: 'say', text: 'No — my destination is Porto.' }],
      ['corrects it after the fact was given too', 'Shall I send it to Faro?', ['destination'], { type: 'say', text: 'No — my destination is Porto.' }],
      ['confirms the right value named without an alias, revealing it', 'Shall I send it to Porto?', [], { type: 'say', text: 'Yes — my destination is Porto.' }],
      ['a right value already given is simply confirmed', 'Shall I send it to Porto?', ['destination'], { type: 'say', text: SIM_LINES.confirm }],
      ['a value the task never lists is not judged', 'Shall I send it to Madrid?', [], { type: 'say', text: SIM_LINES.confirm }],
      ['a statement naming a wrong value is not contradicted', 'I sent it to Lisbon.', ['destination'], { type: 'stop' }],
      ['overlapping aliases reveal only the longer match', 'What is your return date?', [], { type: 'say', text: 'My return date is 2026-12-20.' }],
      ['the shorter alias alone still asks', 'Which date do you leave?', [], { type: 'say', text: 'My departure date is 2026-12-10.' }],
    ])('%s', (_name, message, given, expected) => {
      expect(simReply(shipping, message, new Set(given))).toEqual(expected);
    });

    it.each<[string, string, string[], ReturnType<typeof simReply>]>([
      ['corrects a seat from the enum in a confirmation', 'Shall I book you a window seat?', [], { type: 'say', text: 'No — an aisle seat, please.' }],
      ['corrects a code of the same shape', 'Shall I rebook BK-4412 for you?', ['booking_id'], { type: 'say', text: "No — it's BK-4411." }],
      ['confirms a code named without the alias', 'Can I look up BK-4411 for you?', [], { type: 'say', text: "Yes — it's BK-4411." }],
      ['a question asking for a fact while naming another value is answered plainly', 'You have a window seat now. Which seat would you like?', [], { type: 'say', text: 'An aisle seat, please.' }],
    ])('on the example task: %s', (_name, message, given, expected) => {
      expect(simReply(task, message, new Set(given))).toEqual(expected);
    });
  });

  it('answers a megabyte-long question in one pass (no regular expression that backtracks over it)', () => {
    const long = `What is your booking reference? ${'blah '.repeat(300_000)}`;
    expect(simReply(task, long)).toEqual({ type: 'say', text: "It's BK-4411." });
    expect(simReply(task, `Can I look up BK-4411? ${'blah '.repeat(300_000)}`)).toEqual({ type: 'say', text: "Yes — it's BK-4411." });
  });
});
