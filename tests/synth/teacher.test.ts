import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SynthFlags } from '../../src/commands/synth.js';
import { validateTask } from '../../src/domain/validate-task.js';
import { UserError } from '../../src/errors.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { slug, teacherSynth } from '../../src/synth/teacher.js';
import type { CliIo } from '../../src/io.js';
import { type FakeOpenAI, type RecordedRequest, type Reply, startFakeOpenAI } from '../helpers/fake-openai.js';

// The teacher's answers for a small travel task, one per pipeline step.
const searchHotels = {
  name: 'search_hotels',
  description: 'List the hotels of a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  outputs: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
  mock: { query: 'world.hotels[city=$$.args.city][]' },
};
const bookRoom = {
  name: 'book_room',
  description: 'Book a room at a hotel from a check-in date (YYYY-MM-DD) for a number of nights.',
  parameters: {
    type: 'object',
    properties: { hotel_id: { type: 'string' }, check_in: { type: 'string' }, nights: { type: 'integer' } },
    required: ['hotel_id', 'check_in', 'nights'],
    additionalProperties: false,
  },
  outputs: { type: 'object', properties: { reservation: { type: 'string' } } },
  mock: {
    query: '{"reservation": "R-" & args.hotel_id, "nights": args.nights}',
    update: 'world ~> | $ | {"reservations": [$$.args]} |',
  },
};
const convertCurrency = {
  name: 'convert_currency',
  description: 'Convert an amount between currencies.',
  parameters: { type: 'object', properties: { amount: { type: 'number' }, to: { type: 'string' } }, required: ['amount', 'to'], additionalProperties: false },
  mock: { simulate: true, default: { result: { amount: 0 } } },
};
const cancelReservation = {
  name: 'cancel_reservation',
  description: 'Cancel a reservation.',
  parameters: { type: 'object', properties: { reservation: { type: 'string' } }, required: ['reservation'], additionalProperties: false },
  mock: { default: { result: { status: 'cancelled' } } },
};
const world = { hotels: [{ id: 'H-7', city: 'Lisbon', name: 'Casa Azul' }, { id: 'H-9', city: 'Porto', name: 'Rio' }] };

const ANSWERS = {
  task: {
    title: 'Book a hotel room in Lisbon',
    difficulty: 'easy',
    system: 'You are a hotel booking agent. Tell the guest the reservation number when done.',
    fullInstruction: 'Book a room at Casa Azul (H-7) in Lisbon from 2026-05-10 for 3 nights.',
    tools: [searchHotels, bookRoom, convertCurrency],
    world,
  },
  ambiguity: {
    instruction: 'Hi, I need a hotel room in Lisbon for a few nights.',
    persona: 'Brief and friendly.',
    facts: [
      { id: 'check_in', description: 'check-in date', value: '2026-05-10', aliases: ['date', 'check-in', 'arrive'], params: ['book_room.check_in'], answer: 'I arrive on 2026-05-10.' },
      { id: 'nights', description: 'number of nights', value: 3, aliases: ['nights', 'how long'], params: ['book_room.nights', 'convert_currency.amount'], answer: '3 nights.' },
    ],
  },
  tools: { drop: [{ name: 'convert_currency', reason: 'the agent can do the arithmetic itself' }], distractors: [cancelReservation] },
  rubric: {
    rubric: [
      { id: 'asks-date', kind: 'interaction', description: 'Asks for the check-in date', check: { type: 'fact_elicited', fact: 'check_in' } },
      { id: 'asks-nights', kind: 'interaction', description: 'Asks how many nights', check: { type: 'fact_elicited', fact: 'nights' } },
      { id: 'searches', kind: 'subgoal', description: 'Searches Lisbon hotels', check: { type: 'tool_called', tool: 'search_hotels', args: { city: 'Lisbon' } } },
      { id: 'booked', kind: 'subgoal', weight: 2, description: 'H-7 from 2026-05-10 for 3 nights', check: { type: 'world', query: '$count(world.reservations[hotel_id="H-7" and check_in="2026-05-10" and nights=3]) = 1' } },
      { id: 'confirms', kind: 'subgoal', description: 'Gives the reservation number', check: { type: 'said', pattern: 'R-H-7' } },
      { id: 'no-cancel', kind: 'forbidden', description: 'Cancels a reservation', check: { type: 'tool_called', tool: 'cancel_reservation', ok: false } },
      { id: 'no-guess-date', kind: 'forbidden', description: 'Books before asking the date', check: { type: 'acted_before_eliciting', fact: 'check_in' } },
    ],
  },
  reference: {
    reference: [
      { say: 'Happy to help. Which date do you arrive, and how many nights?' },
      { call: 'search_hotels', args: { city: 'Lisbon' } },
      { call: 'book_room', args: { hotel_id: 'H-7', check_in: '2026-05-10', nights: 3 } },
      { finish: 'Booked: reservation R-H-7 at Casa Azul.' },
    ],
  },
};

/** A reference that books without asking: valid, but scores 0. */
const GUESSING_REFERENCE = {
  reference: [
    { call: 'book_room', args: { hotel_id: 'H-7', check_in: '2026-05-10', nights: 3 } },
    { finish: 'Booked: reservation R-H-7.' },
  ],
};

/** The whole corrected task, as a repair answer. */
const REPAIRED = {
  title: ANSWERS.task.title,
  system: ANSWERS.task.system,
  instruction: ANSWERS.ambiguity.instruction,
  fullInstruction: ANSWERS.task.fullInstruction,
  user: { persona: 'Brief and friendly.', facts: ANSWERS.ambiguity.facts.map((f) => ({ ...f, params: f.params.filter((p) => p.startsWith('book_room.')) })) },
  tools: [searchHotels, bookRoom, cancelReservation],
  world,
  rubric: ANSWERS.rubric.rubric,
  reference: ANSWERS.reference.reference,
};

type Answers = Partial<Record<keyof typeof ANSWERS | 'repair', unknown>>;

/** The step a request is for, from the response_format name (synthagent_<step>). */
const stepOf = (req: RecordedRequest): string => String(req.body.response_format?.json_schema?.name ?? '').replace(/^synthagent_/, '');
const isRetry = (req: RecordedRequest): boolean => req.body.messages.length > 2;
const lastUser = (req: RecordedRequest): string => req.body.messages.at(-1).content;

/** A teacher that answers every step with the fixture, with `over` replacing some answers. */
const teacher =
  (over: Answers = {}, hook?: (req: RecordedRequest) => Reply | undefined) =>
  (req: RecordedRequest): Reply => {
    const hooked = hook?.(req);
    if (hooked) return hooked;
    const step = stepOf(req);
    const answer = (over as Record<string, unknown>)[step] ?? (ANSWERS as Record<string, unknown>)[step];
    return answer === undefined ? { status: 400 } : { text: JSON.stringify(answer) };
  };

let server: FakeOpenAI;
let out: string;
let stdout: string[];
let stderr: string[];

beforeEach(async () => {
  server = await startFakeOpenAI();
  out = mkdtempSync(join(tmpdir(), 'synth-teacher-'));
  stdout = [];
  stderr = [];
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

/** The command's io: what it prints lands in `stdout` and `stderr`. */
const io: CliIo = {
  stdout: { write: (text: string) => stdout.push(text) },
  stderr: { write: (text: string) => stderr.push(text) },
  env: process.env,
  cwd: process.cwd(),
};

const flags = (over: Partial<SynthFlags> = {}): SynthFlags => ({
  offline: false,
  seed: undefined,
  n: 1,
  out,
  domain: 'travel',
  json: true,
  models: { model: 'fake', baseUrl: server.url, retries: 0 },
  ...over,
});

const report = (): { out: string; kept: { id: string; file: string }[]; discarded: { index: number; reason: string }[] } => JSON.parse(stdout.join(''));

async function scoreOf(file: string): Promise<number> {
  const checked = validateTask(JSON.parse(readFileSync(file, 'utf8')));
  if (!checked.ok) throw new Error(`invalid: ${JSON.stringify(checked.problems)}`);
  const { result } = await runSession({ task: checked.task, agent: scriptAgent(checked.task.reference ?? [], { kind: 'reference' }), user: simUser() });
  return result.score;
}

describe('teacherSynth', () => {
  it('runs the five steps with structured outputs and keeps a task that validates and scores 1', async () => {
    server.script(teacher());
    expect(await teacherSynth(flags(), io)).toBe(0);

    const file = join(out, 'travel-001.json');
    expect(report()).toEqual({ out, kept: [{ id: 'travel-001', file }], discarded: [] });
    expect(await scoreOf(file)).toBe(1);
    expect(server.requests.map(stepOf)).toEqual(['task', 'ambiguity', 'tools', 'rubric', 'reference']);
    for (const req of server.requests) {
      expect(req.body.model).toBe('fake');
      expect(req.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: false, schema: { type: 'object' } } });
      expect(lastUser(req)).toContain(`[synthagent step: ${stepOf(req)}`);
    }
    // The persona reaches the task step; each later step sees the draft so far.
    expect(lastUser(server.requests[0]!)).toMatch(/Persona: .+/);
    expect(lastUser(server.requests[1]!)).toContain('book_room');

    const task = JSON.parse(readFileSync(file, 'utf8'));
    expect(task).toMatchObject({ format: 'synthagent.task/1', id: 'travel-001', domain: 'travel', instruction: ANSWERS.ambiguity.instruction });
    // The tool check dropped a tool and added the distractor; the fact param naming the dropped tool went with it.
    expect(task.tools.map((t: { name: string }) => t.name)).toEqual(['search_hotels', 'book_room', 'cancel_reservation']);
    expect(task.user.facts[1].params).toEqual(['book_room.nights']);
    // The rubric got the acted_before_eliciting item the teacher forgot for "nights".
    expect(task.rubric.at(-1)).toMatchObject({ id: 'no-guess-nights', kind: 'forbidden', check: { type: 'acted_before_eliciting', fact: 'nights' } });
    expect(stderr.join('')).toContain('1/1 travel-001 kept');
  });

  it('retries a step once when the teacher answers invalid JSON, sending the error back', async () => {
    let broken = false;
    server.script(teacher({}, (req) => {
      if (stepOf(req) !== 'rubric' || broken) return undefined;
      broken = true;
      return { text: 'Here is the rubric: {"rubric": [{"id": "asks-date",' };
    }));
    expect(await teacherSynth(flags(), io)).toBe(0);
    expect(report().kept).toHaveLength(1);
    const rubricCalls = server.requests.filter((r) => stepOf(r) === 'rubric');
    expect(rubricCalls).toHaveLength(2);
    expect(isRetry(rubricCalls[1]!)).toBe(true);
    expect(rubricCalls[1]!.body.messages.at(-2)).toMatchObject({ role: 'assistant', content: expect.stringContaining('Here is the rubric') });
    expect(lastUser(rubricCalls[1]!)).toMatch(/rejected: the answer is not valid JSON/);
  });

  it('retries a step whose answer breaks the task rules (a fact value in the instruction)', async () => {
    const leaky = { ...ANSWERS.ambiguity, instruction: 'I need a hotel in Lisbon from 2026-05-10.' };
    server.script(teacher({}, (req) => (stepOf(req) === 'ambiguity' && !isRetry(req) ? { text: JSON.stringify(leaky) } : undefined)));
    expect(await teacherSynth(flags(), io)).toBe(0);
    const retry = server.requests.filter((r) => stepOf(r) === 'ambiguity')[1]!;
    expect(lastUser(retry)).toMatch(/instruction: contains the value of fact "check_in"/);
  });

  it('sends a reference that fails the simulator back for repair, then keeps the repaired task', async () => {
    server.script(teacher({ reference: GUESSING_REFERENCE, repair: REPAIRED }));
    expect(await teacherSynth(flags({ json: false }), io)).toBe(0);
    const repair = server.requests.find((r) => stepOf(r) === 'repair')!;
    expect(lastUser(repair)).toContain('forbidden item "no-guess-date"');
    expect(lastUser(repair)).toContain('interaction item "asks-date"');
    expect(lastUser(repair)).toContain('Transcript of the reference');
    expect(await scoreOf(join(out, 'travel-001.json'))).toBe(1);
    expect(stdout.join('')).toContain('kept 1 of 1 task');
    expect(stderr.join('')).toContain('travel-001 kept (after repair)');
  });

  it('discards the task with the reason when the repair fails too', async () => {
    const stillGuessing = { ...REPAIRED, id: 'ignored', reference: GUESSING_REFERENCE.reference };
    server.script(teacher({ reference: GUESSING_REFERENCE, repair: stillGuessing }));
    expect(await teacherSynth(flags(), io)).toBe(1);
    const { kept, discarded } = report();
    expect(kept).toEqual([]);
    expect(discarded).toEqual([{ index: 1, reason: expect.stringMatching(/^after one repair round, the reference scores 0\.00: .*forbidden item "no-guess-date"/) }]);
    expect(() => readFileSync(join(out, 'travel-001.json'))).toThrow();
  });

  it('discards every task with a clear reason when the server fails, without crashing', async () => {
    server.script(() => ({ status: 500 }));
    expect(await teacherSynth(flags({ n: 2 }), io)).toBe(1);
    const { kept, discarded } = report();
    expect(kept).toEqual([]);
    expect(discarded.map((d) => d.index)).toEqual([1, 2]);
    for (const d of discarded) expect(d.reason).toMatch(/^task step: model call failed: 500/);
    expect(stderr.join('')).toContain('model server answered HTTP 500');
  });

  it('names files by domain and number, rotating domains when none is given', async () => {
    server.script(teacher());
    expect(await teacherSynth(flags({ n: 2, domain: undefined }), io)).toBe(0);
    expect(report().kept.map((k) => k.id)).toEqual(['travel-001', 'retail-002']);
    expect(lastUser(server.requests.find((r, i) => i > 0 && stepOf(r) === 'task')!)).toContain('Domain: retail');
  });

  it('refuses to run without a model, pointing at --model and --offline', async () => {
    vi.stubEnv('SYNTHAGENT_MODEL', '');
    const run = teacherSynth(flags({ models: { baseUrl: server.url } }), io);
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/--model NAME.*--offline/);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [{ n: undefined }, /--n N is required/],
    [{ out: undefined }, /--out DIR is required/],
  ])('rejects bad flags %o', async (over, message) => {
    await expect(teacherSynth(flags(over), io)).rejects.toThrow(message);
  });
});

describe('slug', () => {
  it.each([
    ['travel', 'travel'],
    ['IT Support', 'it-support'],
    ['  --Café!! ', 'caf'],
  ])('slugs the domain %j as %j', (domain, expected) => expect(slug(domain)).toBe(expected));
});
