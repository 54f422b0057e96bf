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
});
