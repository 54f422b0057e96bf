import { describe, expect, it } from 'vitest';
import { auditRecording, findingsBySeq } from '../../src/domain/audit.js';
import { ToolAnswers } from '../../src/domain/audit-tool.js';
import type { Event } from '../../src/domain/events.js';
import type { AgentScript, Task, UserScript } from '../../src/domain/task.js';
import { bundledTaskFiles, loadTaskFile } from '../../src/adapters/task-files.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { scriptUser } from '../../src/roles/script-user.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { sequence } from '../helpers/events.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

/** Plays a script agent against a script user on a task and audits the log. */
async function play(task: Task, agent: AgentScript, user: UserScript): Promise<{ events: readonly Event[]; kinds: string[]; details: string[] }> {
  const { log } = await runSession({ task, agent: scriptAgent(agent, { kind: 'script' }), user: scriptUser(user, { kind: 'script' }) });
  const findings = auditRecording({ task, events: log.events });
  return { events: log.events, kinds: findings.map((f) => f.kind), details: findings.map((f) => f.detail) };
}

const booking: AgentScript = [{ say: 'Sorry about that. What is your booking reference?' }];

describe('unasked_reveal', () => {
  it('flags a fact the agent did not ask for, naming the fact, its value and the message answered', async () => {
    const { kinds, details } = await play(exampleTask(), [...booking, { finish: 'ok' }], [{ say: "It's BK-4411, and I want an aisle seat." }]);
    expect(kinds).toEqual(['unasked_reveal']);
    expect(details[0]).toMatch(/^reveals seat \(aisle\) but the agent's message it answers \(seq 1\) did not ask for it/);
  });

  it.each([
    ['asked by an alias', [{ say: 'Which seat would you like?' }], 'An aisle seat, please.'],
    ["asked by its description's words", [{ say: 'Do you have a preference for where you sit?' }], 'Aisle, please.'],
    ['named by the agent (a confirmation)', [{ say: 'Shall I give you an aisle again?' }], 'Yes, aisle.'],
    ['asked in an earlier message', [{ say: 'What is your booking reference, and which seat do you want?' }, { say: 'Thanks. Anything else?' }], 'Oh, and aisle.'],
  ] as const)('does not flag a fact %s', async (_name, says, reply) => {
    const { kinds } = await play(exampleTask(), [...says, { finish: 'ok' }], [{ say: "It's BK-4411." }, { say: reply }].slice(says.length === 2 ? 0 : 1));
    expect(kinds).toEqual([]);
  });

  it('does not flag a fact revealed before, nor the opening instruction', async () => {
    const { kinds } = await play(exampleTask(), [...booking, { say: 'Got it. Anything else?' }, { finish: 'ok' }], [{ say: "It's BK-4411." }, { say: 'No, BK-4411 is all.' }]);
    expect(kinds).toEqual([]);
  });
});

describe('invented_value', () => {
  it('flags an id, an amount and a date the user was never given, one finding each', async () => {
    const { kinds, details } = await play(exampleTask(), [...booking, { finish: 'ok' }], [{ say: "It's BK-4411; loyalty LY-99812, I paid $412.50 on March 3." }]);
    expect(kinds).toEqual(['invented_value', 'invented_value', 'invented_value']);
    expect(details.join('\n')).toMatch(/"LY-99812" \(an id\/code\)[\s\S]*"\$412\.50" \(a number\)[\s\S]*"March 3" \(a date\)/);
  });

  it.each([
    ['what the agent said', 'UA14 at 11:45 works for me.', [{ say: 'UA14 leaves at 11:45. What is your booking reference?' }]],
    ['what a tool returned', 'I was on UA12, booking BK-4411.', [{ call: 'get_booking', args: { booking_id: 'BK-4411' } }, { say: 'Which booking is it?' }]],
    ['the full instruction, in another spelling', 'It was for December 3, 2026, BK-4411.', booking],
    ['a fact value as an amount', 'BK4411.', booking],
  ] as const)('does not flag a value from %s', async (_name, reply, says) => {
    const { kinds } = await play(exampleTask(), [...says, { finish: 'ok' }], [{ say: reply }]);
    expect(kinds).toEqual([]);
  });

  it('knows the persona, the background and number words, and what the user said before', async () => {
    const task = tinyTask({ user: { persona: 'Has 2 kids.', background: 'Paid forty dollars on 2026-03-03 with card ending 4417.', facts: [{ id: 'order', description: 'order number', value: 'A-1', aliases: ['order number'] }] } });
    const { kinds } = await play(task, [{ say: 'What is the order number?' }, { say: 'Anything else?' }, { finish: 'ok' }], [
      { say: 'A-1. I paid $40 on March 3 with the card ending 4417; I have 2 kids.' },
      { say: 'Again: $40.00, A1.' },
    ]);
    expect(kinds).toEqual([]);
  });
});

describe('the rule user itself', () => {
  it('is not flagged for correcting a wrong value it was asked to confirm, nor for confirming a right one', async () => {
    const task = tinyTask({
      user: { facts: [{ id: 'destination', description: 'destination', value: 'Porto', aliases: ['destination'], params: ['ship.city'] }] },
      tools: [{ name: 'ship', description: 'Ship it.', parameters: { type: 'object', properties: { city: { type: 'string' } } }, mock: { default: { result: 'ok' } } }],
      world: { routes: [{ city: 'Lisbon' }, { city: 'Porto' }] },
    });
    const { log } = await runSession({ task, agent: scriptAgent([{ say: 'Shall I send it to Lisbon?' }, { say: 'Shall I send it to Porto, then?' }, { finish: 'ok' }], { kind: 'script' }), user: simUser() });
    expect(log.events.filter((e) => e.type === 'user_message').map((e) => e.text)).toEqual([task.instruction, 'No — my destination is Porto.', 'Yes, please go ahead.']);
    expect(auditRecording({ task, events: log.events })).toEqual([]);
  });
});

describe('invented_value, more near-misses', () => {
  it('knows a phone number regrouped, and figures of speech are not values', async () => {
    const task = tinyTask({ user: { background: 'Reach me at 555-123-4567.', facts: [{ id: 'order', description: 'order number', value: 'A-1', aliases: ['order number'] }] } });
    const { kinds } = await play(task, [{ say: 'What is the order number?' }, { finish: 'ok' }], [{ say: "A-1. I'm 100% sure; call (555) 123-4567, I'm on 4G and 2FA." }]);
    expect(kinds).toEqual([]);
  });
});

describe('stopped_while_asked', () => {
  it('flags a stop right after a question, quoting it', async () => {
    const { events, kinds, details } = await play(exampleTask(), [...booking, { say: 'Which seat would you like?' }], [{ say: "It's BK-4411." }, { stop: true }]);
    expect(kinds).toEqual(['stopped_while_asked']);
    expect(details[0]).toMatch(/the user stopped right after the agent asked "Which seat would you like\?" \(seq \d+\)/);
    expect(auditRecording({ task: exampleTask(), events })[0]!.seq).toBe(events.at(-1)!.seq);
  });

  it.each([
    ['a statement', 'You are all set.'],
    ['a closing question', 'Is there anything else I can help you with?'],
  ])('does not flag a stop after %s', async (_name, text) => {
    const { kinds } = await play(exampleTask(), [...booking, { say: text }], [{ say: "It's BK-4411." }, { stop: true }]);
    expect(kinds).toEqual([]);
  });
});

describe('broke_character', () => {
  it.each([
    ['As an AI language model, I cannot share that.', /speaks as an AI/],
    ['How can I help you today?', /speaks as an AI\/assistant/],
    ['Just call get_booking with BK-4411.', /names the tool get_booking/],
    ['Check your rubric, BK-4411.', /names the rubric/],
    ['BK-4411 ###STOP###', /stop token/],
    ['Move booking BK-4411 (flight UA12, SFO to DEN on 2026-12-03, cancelled) to the next scheduled one.', /quotes the full instruction verbatim/],
  ])('flags %j', async (reply, detail) => {
    const { kinds, details } = await play(exampleTask(), [...booking, { finish: 'ok' }], [{ say: reply }]);
    expect(kinds).toContain('broke_character');
    expect(details.join('\n')).toMatch(detail);
  });

  it.each(['Can you rebook me? BK-4411.', "I'm an assistant professor; it's BK-4411.", 'Can you help me? BK-4411 is the booking.'])('does not flag %j', async (reply) => {
    const { kinds } = await play(exampleTask(), [...booking, { finish: 'ok' }], [{ say: reply }]);
    expect(kinds).toEqual([]);
  });
});

const weatherTask = (outputs?: object): Task =>
  tinyTask({
    tools: [
      {
        name: 'weather',
        description: 'Weather in a city.',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        ...(outputs ? { outputs } : {}),
        mock: { cases: [{ when: { city: 'Oslo' }, result: { temp_c: 'cold' } }], default: { result: { temp_c: 21 } } },
      },
    ],
  });

const weatherLog = (results: unknown[], worldAfterFirst?: Record<string, unknown>): Event[] =>
  sequence([
    { type: 'user_message', text: 'Hi', reveals: [] },
    ...results.flatMap((result, i) => [
      { type: 'tool_call' as const, callId: `c${i}`, tool: 'weather', args: { city: 'Rome' } },
      { type: 'tool_result' as const, callId: `c${i}`, ok: true, result, via: 'simulate' as const, ...(i === 0 && worldAfterFirst ? { world: worldAfterFirst } : {}) },
    ]),
  ]);

describe('inconsistent_result', () => {
  it('flags the same call on the same world answered two ways in one recording, citing the first answer', () => {
    const findings = auditRecording({ task: weatherTask(), events: weatherLog([{ temp_c: 21 }, { temp_c: 25 }]) });
    expect(findings).toEqual([
      { seq: 4, side: 'tool', kind: 'inconsistent_result', detail: 'weather({"city":"Rome"}) returned {"temp_c":25} (via simulate), but the same call on the same world returned {"temp_c":21} at seq 2 (via simulate)' },
    ]);
  });

  it('does not flag a different answer after the world changed, nor the same answer twice', () => {
    expect(auditRecording({ task: weatherTask(), events: weatherLog([{ temp_c: 21 }, { temp_c: 25 }], { season: 'winter' }) })).toEqual([]);
    expect(auditRecording({ task: weatherTask(), events: weatherLog([{ temp_c: 21 }, { temp_c: 21 }]) })).toEqual([]);
  });

  it('compares recordings of one task version given together, not of two versions', () => {
    const ledger = new ToolAnswers();
    expect(auditRecording({ task: weatherTask(), events: weatherLog([{ temp_c: 21 }]) }, { ledger, label: 'a.json' })).toEqual([]);
    const other = auditRecording({ task: weatherTask(), events: weatherLog([{ temp_c: 30 }]) }, { ledger, label: 'b.json' });
    expect(other.map((f) => f.detail)).toEqual([expect.stringContaining('returned {"temp_c":21} in a.json at seq 2')]);
    const edited = { ...weatherTask(), title: 'Tiny, edited' };
    expect(auditRecording({ task: edited, events: weatherLog([{ temp_c: 40 }]) }, { ledger, label: 'c.json' })).toEqual([]);
  });
});

describe('schema_violation', () => {
  const outputs = { type: 'object', properties: { temp_c: { type: 'number' } }, required: ['temp_c'] };
  it('flags a result that does not match outputs, naming the field', async () => {
    const { kinds, details } = await play(weatherTask(outputs), [{ call: 'weather', args: { city: 'Oslo' } }, { finish: 'ok' }], []);
    expect(kinds).toEqual(['schema_violation']);
    expect(details[0]).toMatch(/^weather result \{"temp_c":"cold"\} does not match its outputs schema: temp_c: /);
  });
  it('does not flag a matching result, nor a tool without outputs', async () => {
    expect((await play(weatherTask(outputs), [{ call: 'weather', args: { city: 'Rome' } }, { finish: 'ok' }], [])).kinds).toEqual([]);
    expect((await play(weatherTask(), [{ call: 'weather', args: { city: 'Oslo' } }, { finish: 'ok' }], [])).kinds).toEqual([]);
  });
});

describe('annotations', () => {
  it('count as findings of their kind on the side of their event, and group by seq', () => {
    const events = weatherLog([{ temp_c: 21 }]);
    const findings = auditRecording({ task: weatherTask(), events, annotations: [{ seq: 2, kind: 'human_flag', note: 'looks made up', by: 'ana' }, { seq: 0, kind: 'invented_value', note: '', by: 'bo' }] });
    expect(findings).toEqual([
      { seq: 0, side: 'user', kind: 'invented_value', detail: 'bo noted: (no note)' },
      { seq: 2, side: 'tool', kind: 'human_flag', detail: 'ana noted: looks made up' },
    ]);
    expect([...findingsBySeq(findings).keys()]).toEqual([0, 2]);
  });
});

describe('precision on what ships', () => {
  it.each(bundledTaskFiles().map((f) => [f.id, f.file]))("every bundled task's reference play against the rule user has no finding: %s", async (_id, file) => {
    const task = loadTaskFile(file);
    const { log } = await runSession({ task, agent: scriptAgent(task.reference ?? [], { kind: 'reference' }), user: simUser() });
    expect(auditRecording({ task, events: log.events })).toEqual([]);
  });
});
