import { describe, expect, it } from 'vitest';
import { resolveToolCall, type ToolOutcome, type ToolSimulator } from '../../src/domain/mock-tools.js';
import { Task } from '../../src/domain/task.js';
import { jsonataSandbox } from '../../src/adapters/jsonata-sandbox.js';

const strictParams = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** One tool per rule of SPEC §1, so each case exercises exactly one path. */
const task = Task.parse({
  format: 'synthagent.task/1',
  id: 'mock-tools',
  title: 'Mock tools',
  domain: 'test',
  instruction: 'Help me.',
  fullInstruction: 'Help me.',
  tools: [
    {
      name: 'book',
      description: 'Book a seat.',
      parameters: strictParams(
        { flight: { type: 'string' }, seat: { type: 'string', enum: ['aisle', 'window'] }, extras: { type: 'object' } },
        ['flight', 'seat'],
      ),
      mock: {
        cases: [
          { when: { flight: 'UA14', seat: 'aisle' }, result: { booked: 'UA14-aisle' } },
          { when: { flight: 'UA14' }, result: { booked: 'UA14-any' } },
          { when: { flight: 'UA99' }, error: 'flight UA99 is full' },
          { when: { extras: { meal: 'veg', bags: [1, 'Two'] } }, result: { booked: 'with-extras' } },
        ],
        default: { result: { booked: 'default' } },
      },
    },
    {
      name: 'lookup',
      description: 'Look up a booking.',
      parameters: strictParams({ id: { type: 'string' } }, ['id']),
      mock: { query: '$exists(world.bookings[id=$$.args.id]) ? world.bookings[id=$$.args.id] : {"error": "booking " & $$.args.id & " not found"}' },
    },
    {
      name: 'set_seat',
      description: 'Change the seat of a booking.',
      parameters: strictParams({ id: { type: 'string' }, seat: { type: 'string' } }, ['id', 'seat']),
      mock: {
        query: '{"id": args.id, "seat": args.seat}',
        update: 'world ~> | bookings[id=$$.args.id] | {"seat": $$.args.seat} |',
      },
    },
    {
      name: 'loop',
      description: 'Never returns.',
      parameters: { type: 'object', properties: {} },
      mock: { query: '($f := function($x){$f($x+1)}; $f(1))' },
    },
    {
      name: 'weather',
      description: 'Weather for a city.',
      parameters: strictParams({ city: { type: 'string' } }, ['city']),
      mock: { simulate: true, default: { error: 'weather service down' } },
    },
    {
      name: 'bare',
      description: 'Answers only what its cases cover.',
      parameters: { type: 'object', properties: { q: { type: 'string' }, n: { type: 'number' } } },
      mock: { cases: [{ when: { q: 'known' }, result: 'yes' }] },
    },
  ],
  world: { bookings: [{ id: 'BK-1', seat: 'window' }] },
});

const world = task.world as Record<string, unknown>;
const call = (tool: string, args: unknown, simulate?: ToolSimulator): Promise<ToolOutcome> =>
  resolveToolCall({ task, world: structuredClone(world), tool, args, simulate, evaluate: jsonataSandbox.evaluate });

describe('resolveToolCall', () => {
  it.each<[string, string, unknown, string]>([
    ['a missing required argument', 'book', { flight: 'UA14' }, 'seat'],
    ['a value outside the enum', 'book', { flight: 'UA14', seat: 'middle' }, 'seat'],
    ['an extra key', 'book', { flight: 'UA14', seat: 'aisle', meal: 'veg' }, 'meal'],
    ['a wrong type', 'lookup', { id: 42 }, 'id'],
  ])('rejects %s via "invalid", naming the field', async (_name, tool, args, field) => {
    const out = await call(tool, args);
    expect(out).toMatchObject({ ok: false, via: 'invalid' });
    expect(!out.ok && String(out.error)).toContain(field);
  });

  it('checks arguments before cases (an invalid call never reaches a matching case)', async () => {
    const out = await call('book', { flight: 'UA14', seat: 'aisle', meal: 'veg' });
    expect(out.via).toBe('invalid');
  });

  it.each<[string, unknown, ToolOutcome]>([
    ['an exact case', { flight: 'UA14', seat: 'aisle' }, { ok: true, result: { booked: 'UA14-aisle' }, via: 'case' }],
    ['strings trimmed and case-insensitive', { flight: '  ua14 ', seat: 'aisle' }, { ok: true, result: { booked: 'UA14-aisle' }, via: 'case' }],
    ['the first matching case', { flight: 'UA14', seat: 'window' }, { ok: true, result: { booked: 'UA14-any' }, via: 'case' }],
    ['a case with an error', { flight: 'ua99', seat: 'window' }, { ok: false, error: 'flight UA99 is full', via: 'case' }],
    [
      'a deep match, strings loose inside objects and arrays',
      { flight: 'AA1', seat: 'window', extras: { bags: [1, ' two'], meal: 'VEG' } },
      { ok: true, result: { booked: 'with-extras' }, via: 'case' },
    ],
    [
      'no deep match when a nested object has an extra key',
      { flight: 'AA1', seat: 'window', extras: { bags: [1, 'two'], meal: 'veg', pet: true } },
      { ok: true, result: { booked: 'default' }, via: 'default' },
    ],
    [
      'no deep match when an array differs in length',
      { flight: 'AA1', seat: 'window', extras: { bags: [1], meal: 'veg' } },
      { ok: true, result: { booked: 'default' }, via: 'default' },
    ],
    ['the default result when no case matches', { flight: 'AA1', seat: 'window' }, { ok: true, result: { booked: 'default' }, via: 'default' }],
  ])('book: %s', async (_name, args, expected) => {
    expect(await call('book', args)).toEqual(expected);
  });

  it.each<[string, string, unknown, ToolOutcome]>([
    ['a query result', 'lookup', { id: 'BK-1' }, { ok: true, result: { id: 'BK-1', seat: 'window' }, via: 'query' }],
    ['a query that gives exactly {"error": …}', 'lookup', { id: 'BK-2' }, { ok: false, error: 'booking BK-2 not found', via: 'query' }],
    ['the default error', 'weather', { city: 'Oslo' }, { ok: false, error: 'weather service down', via: 'default' }],
    ['a case', 'bare', { q: 'KNOWN' }, { ok: true, result: 'yes', via: 'case' }],
    [
      'nothing that matches',
      'bare',
      { q: 'other', n: 2 },
      { ok: false, error: 'no mock response for bare({"n":2,"q":"other"})', via: 'default' },
    ],
  ])('%s (%s)', async (_name, tool, args, expected) => {
    expect(await call(tool, args)).toEqual(expected);
  });

  it('reports a call of a tool the task does not have via "unknown_tool"', async () => {
    const out = await call('refund', { id: 'BK-1' });
    expect(out).toMatchObject({ ok: false, via: 'unknown_tool' });
    expect(!out.ok && String(out.error)).toContain('refund');
  });

  it('returns the new world when an update changes it, without touching the old one', async () => {
    const before = structuredClone(world);
    const input = structuredClone(world);
    const out = await resolveToolCall({ task, world: input, tool: 'set_seat', args: { id: 'BK-1', seat: 'aisle' }, evaluate: jsonataSandbox.evaluate });
    expect(out).toEqual({
      ok: true,
      result: { id: 'BK-1', seat: 'aisle' },
      via: 'query',
      world: { bookings: [{ id: 'BK-1', seat: 'aisle' }] },
    });
    expect(input).toEqual(before);
  });

  it('returns no world when an update changes nothing', async () => {
    const out = await call('set_seat', { id: 'BK-1', seat: 'window' });
    expect(out).toEqual({ ok: true, result: { id: 'BK-1', seat: 'window' }, via: 'query' });
    expect('world' in out).toBe(false);
  });

  it('falls through to the default when simulate is set but no simulator is given', async () => {
    expect(await call('weather', { city: 'Oslo' })).toEqual({ ok: false, error: 'weather service down', via: 'default' });
  });

  it('falls through to the default when the simulator has no answer', async () => {
    expect(await call('weather', { city: 'Oslo' }, async () => null)).toMatchObject({ via: 'default' });
  });

  it.each<[string, Awaited<ReturnType<ToolSimulator>>, ToolOutcome]>([
    ['a result', { ok: true, result: { temp: 3 } }, { ok: true, result: { temp: 3 }, via: 'simulate' }],
    ['an error', { ok: false, error: 'no such city' }, { ok: false, error: 'no such city', via: 'simulate' }],
  ])('uses a simulator that gives %s via "simulate"', async (_name, answer, expected) => {
    const requests: Parameters<ToolSimulator>[0][] = [];
    const simulator: ToolSimulator = async (request) => {
      requests.push(request);
      return answer;
    };
    expect(await call('weather', { city: 'Oslo' }, simulator)).toEqual(expected);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ tool: { name: 'weather' }, args: { city: 'Oslo' }, world });
  });

  it('turns a simulator that fails (its model is down) into an error result of that call', async () => {
    const simulator: ToolSimulator = async () => {
      throw new Error('model call failed: 500 Internal Server Error');
    };
    expect(await call('weather', { city: 'Oslo' }, simulator)).toEqual({
      ok: false,
      error: 'weather: the tool simulator failed: model call failed: 500 Internal Server Error',
      via: 'simulate',
    });
  });

  it('never asks the simulator about a tool without simulate: true', async () => {
    let asked = 0;
    const out = await call('bare', { q: 'other' }, async () => {
      asked++;
      return { ok: true, result: 'made up' };
    });
    expect(out.via).toBe('default');
    expect(asked).toBe(0);
  });

  it.each<[string, string, unknown]>([
    ['a case', 'book', { flight: 'UA14', seat: 'aisle' }],
    ['a query', 'lookup', { id: 'BK-1' }],
    ['an update', 'set_seat', { id: 'BK-1', seat: 'aisle' }],
    ['the no-response error', 'bare', { q: 'x' }],
  ])('gives the same outcome twice for %s', async (_name, tool, args) => {
    const first = await call(tool, args);
    const second = await call(tool, args);
    expect(second).toEqual(first);
  });

  it('stops a looping query with an error instead of hanging', async () => {
    const started = Date.now();
    const out = await call('loop', {});
    expect(out).toMatchObject({ ok: false, via: 'query' });
    expect(!out.ok && String(out.error)).toMatch(/loop:.*(longer than|recursed)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
