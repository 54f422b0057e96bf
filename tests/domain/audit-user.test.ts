import { describe, expect, it } from 'vitest';
import { auditUserSide, factsAsked } from '../../src/domain/audit-user.js';
import type { EventOf, NewEvent } from '../../src/domain/events.js';
import { STOP_TOKEN } from '../../src/domain/stop-token.js';
import { agent, call, ok, sequence, user } from '../helpers/events.js';
import { exampleTask } from '../helpers/tasks.js';

const task = exampleTask();
const opening = user(task.instruction);
const end = (reason: 'user_stopped' | 'agent_finished'): NewEvent => ({ type: 'end', reason });
/** The findings of a log that starts with the task's opening message, as `kind@seq`. */
const audit = (...events: NewEvent[]): string[] => auditUserSide(task, sequence([opening, ...events])).map((f) => `${f.kind}@${f.seq}`);

describe('factsAsked', () => {
  const asked = (text: string, asks: string[] = []): string[] => factsAsked(task, { ...agent(text, asks), seq: 0 } as EventOf<'agent_message'>).map((f) => f.id);
  it.each<[string, string[], string[]]>([
    ['What is your booking reference?', [], ['booking_id']],
    ['Which seat would you like?', [], ['seat']],
    ['Is it BK-4411?', [], ['booking_id']], // its value
    ['Shall I give you an aisle?', [], ['seat']],
    ['Is it BK-4412?', [], ['booking_id']], // another value of its shape, in a question
    ['It is BK-4412.', [], []], // … but not in a statement
    ['Let me check the weather.', [], []],
    ['Hello there.', ['seat'], ['seat']], // the asks recorded with the event count
  ])('%j asks for %j', (text, asks, ids) => expect(asked(text, asks)).toEqual(ids));
});

describe('auditUserSide', () => {
  it('never judges the opening message, whatever it says', () => {
    expect(auditUserSide(task, sequence([user(`As an AI, my booking is XY-99999 and I want aisle ${STOP_TOKEN}`)]))).toEqual([]);
  });

  it.each<[string, NewEvent[], string[]]>([
    ['an empty log after the opening', [], []],
    ['an answer to the question asked', [agent('What is your booking reference?'), user("It's BK-4411.")], []],
    ['a fact nobody asked for', [agent('How can I help?'), user('I want an aisle seat.')], ['unasked_reveal@2']],
    ['a fact the agent said first', [agent('You have an aisle seat booked.'), user('Yes, aisle.')], []],
    ['a fact a tool returned first', [call('c1', 'get_booking', { booking_id: 'BK-4411' }), ok('c1', { seat: 'aisle' }), agent('Done.'), user('Aisle is right.')], []],
    ['a fact revealed twice: flagged once', [agent('How can I help?'), user('Aisle please.'), agent('Ok.'), user('Aisle, I said.')], ['unasked_reveal@2']],
    ['an invented code', [agent('What is your booking reference?'), user("It's BK-4411, loyalty LY-12345.")], ['invented_value@2']],
    ['the same invented code twice in one message: one finding', [agent('What is your booking reference?'), user('LY-12345 BK-4411 LY-12345')], ['invented_value@2']],
    ['a code the agent said first', [agent('Your loyalty LY-12345 — what is your booking reference?'), user('LY-12345 and BK-4411.')], []],
    ['a stop right after a real question', [agent('What is your booking reference?'), end('user_stopped')], ['stopped_while_asked@2']],
    ['a stop after a closing question', [agent('Is there anything else?'), end('user_stopped')], []],
    ['a stop after a statement', [agent('All done.'), end('user_stopped')], []],
    ['a stop after the user spoke last', [agent('Which seat?'), user('Aisle.'), end('user_stopped')], []],
    ['the agent finishing after a question', [agent('Which seat?'), end('agent_finished')], []],
  ])('%s', (_name, events, expected) => expect(audit(...events)).toEqual(expected));

  it.each<[string, RegExp | null]>([
    ['As an AI, I cannot say.', /speaks as an AI/],
    ["I'm just an assistant.", /speaks as an AI/],
    ["I'm an assistant professor, actually.", null],
    ['Can you call get_booking(BK-4411)?', /names the tool get_booking/],
    ['What does the rubric say?', /names the rubric/],
    [`Thanks! ${STOP_TOKEN}`, /says the stop token/],
    ['Thanks! ## stop ##', /says the stop token/],
    ['Thanks, that is all.', null],
  ])('broke_character: %j', (text, detail) => {
    const findings = auditUserSide(task, sequence([opening, agent('What is your booking reference?'), user(`BK-4411. ${text}`)])).filter((f) => f.kind === 'broke_character');
    if (detail === null) expect(findings).toEqual([]);
    else expect(findings.map((f) => f.detail).join('\n')).toMatch(detail);
  });

  it('broke_character: a run of ten words of the full instruction, said verbatim', () => {
    const words = task.fullInstruction.split(/\s+/).slice(0, 12).join(' ');
    const findings = auditUserSide(task, sequence([opening, agent('What is your booking reference?'), user(`BK-4411. ${words}`)]));
    expect(findings.map((f) => f.kind)).toContain('broke_character');
    expect(findings.find((f) => f.kind === 'broke_character')?.detail).toMatch(/^quotes the full instruction verbatim/);
  });
});
