import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Tool } from '../../../src/domain/task.js';
import { paramsOf, parseParam, ToolForm, toolDocLines, toolFormHeight, typeHint } from '../../../src/ui/components/ToolForm.js';
import { frameWith, KEY, keyboard, until } from '../../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

const tool: Tool = {
  name: 'book',
  description: 'Book a seat on a flight.',
  parameters: {
    type: 'object',
    properties: {
      flight: { type: 'string', pattern: '^UA\\d+$', description: 'the flight number' },
      seat: { type: 'string', enum: ['aisle', 'window'] },
      bags: { type: 'integer', minimum: 0, maximum: 3 },
      vip: { type: 'boolean' },
      tags: { type: 'array' },
    },
    required: ['flight', 'seat'],
  },
  mock: { default: { result: 'ok' } },
};
const [flight, seat, bags, vip, tags] = paramsOf(tool);

describe('paramsOf and typeHint', () => {
  it('each parameter with its schema and whether it is required', () => {
    expect(paramsOf(tool).map((p) => [p.name, p.required])).toEqual([['flight', true], ['seat', true], ['bags', false], ['vip', false], ['tags', false]]);
    expect(paramsOf({ ...tool, parameters: { type: 'object' } })).toEqual([]);
  });

  it.each<[ReturnType<typeof paramsOf>[number] | undefined, string]>([
    [flight, 'string, pattern ^UA\\d+$, required'],
    [seat, 'string, one of aisle|window, required'],
    [bags, 'integer, 0..3, optional: Enter to skip'],
    [vip, 'boolean, optional: Enter to skip'],
    [{ name: 'x', schema: {}, required: true }, 'any, required'],
    [{ name: 'd', schema: { type: 'string', format: 'date', maximum: 5 }, required: false }, 'string, date, …..5, optional: Enter to skip'],
  ])('%j → %j', (p, hint) => expect(typeHint(p!)).toBe(hint));
});

describe('toolDocLines', () => {
  it('the name and description, then each parameter with its hint and own description, wrapped to the width', () => {
    const lines = toolDocLines(tool, 200);
    expect(lines[0]).toBe('book: Book a seat on a flight.');
    expect(lines[1]).toBe('  flight (string, pattern ^UA\\d+$, required) — the flight number');
    expect(lines[3]).toBe('  bags (integer, 0..3, optional)');
    for (const l of toolDocLines(tool, 30)) expect(l.length).toBeLessThanOrEqual(30);
  });

  it('a tool without parameters says so', () => {
    expect(toolDocLines({ ...tool, parameters: { type: 'object' } }, 80)).toEqual(['book: Book a seat on a flight.', '  (no parameters)']);
  });
});

describe('parseParam', () => {
  it.each<[ReturnType<typeof paramsOf>[number] | undefined, string, unknown]>([
    [flight, ' UA14 ', { ok: true, value: { skip: false, value: ' UA14 ' } }], // a string keeps what was typed
    [flight, '   ', { ok: false, error: 'flight is required' }],
    [bags, '', { ok: true, value: { skip: true } }],
    [bags, '2', { ok: true, value: { skip: false, value: 2 } }],
    [bags, 'two', { ok: false, error: 'bags: "two" is not a number' }],
    [bags, 'Infinity', { ok: false, error: 'bags: "Infinity" is not a number' }],
    [vip, 'Yes', { ok: true, value: { skip: false, value: true } }],
    [vip, 'n', { ok: true, value: { skip: false, value: false } }],
    [vip, 'maybe', { ok: false, error: 'vip: type true or false' }],
    [tags, '["a", "b"]', { ok: true, value: { skip: false, value: ['a', 'b'] } }],
    [tags, '[a]', { ok: false, error: 'tags: type JSON, as in ["a", "b"]' }],
  ])('%j with %j', (p, text, result) => expect(parseParam(p!, text)).toEqual(result));
});

describe('toolFormHeight', () => {
  const ping = (name: string): Tool => ({ ...tool, name, description: 'Ping.', parameters: { type: 'object' } });
  it('the border and title, then the taller of the picker (list, rule, doc) and the parameter step', () => {
    // book alone: its 5 parameters' step (4 earlier values, hint, 2 input rows, 2 error rows) beats the picker.
    expect(toolFormHeight([tool])).toBe(3 + (5 - 1 + 1 + 2 + 2));
    // Ten tools without parameters: the list wins, one row per tool.
    const tens = Array.from({ length: 10 }, (_, i) => ping(`p${i}`));
    expect(toolFormHeight(tens)).toBe(3 + 10 + 1 + 2);
    expect(toolFormHeight([...tens, ping('p10')])).toBe(toolFormHeight(tens) + 1);
    // A narrow form wraps the doc onto more rows.
    expect(toolFormHeight([tool], 30)).toBeGreaterThan(toolFormHeight([tool]));
  });
});

function form(tools: readonly Tool[] = [tool, { ...tool, name: 'ping', description: 'Ping.', parameters: { type: 'object' } }]) {
  const calls: [string, Record<string, unknown>][] = [];
  let cancelled = 0;
  const inst = render(<ToolForm tools={tools} width={80} maxRows={20} onCall={(t, a) => void calls.push([t, a])} onCancel={() => void cancelled++} />);
  mounted.push(inst.unmount);
  return { ...inst, ...keyboard(inst), calls, cancelled: () => cancelled };
}

describe('ToolForm', () => {
  it('lists the tools with the highlighted one\'s doc; Enter on a tool without parameters calls it at once', async () => {
    const f = form();
    const first = await frameWith(f.lastFrame, 'pick a tool', '❯ book');
    expect(first).toContain('flight (string, pattern ^UA\\d+$, required) — the flight number');
    await f.press(KEY.down, (fr) => fr.includes('❯ ping') && fr.includes('(no parameters)'));
    await f.press(KEY.enter, () => f.calls.length === 1);
    expect(f.calls).toEqual([['ping', {}]]);
  });

  it('fills each parameter in turn: a value its schema refuses is said and asked again; optional ones can be skipped', async () => {
    const f = form();
    await frameWith(f.lastFrame, '❯ book');
    await f.press(KEY.enter, (fr) => fr.includes('parameter 1 of 5'));
    await f.type('flight', 'DL1');
    await f.press(KEY.enter, (fr) => fr.includes('flight: '));
    expect(f.frame()).toContain('parameter 1 of 5');
    await f.press('\u007f'.repeat(3), (fr) => !fr.includes('DL1'));
    await f.type('flight', 'UA14');
    await f.press(KEY.enter, (fr) => fr.includes('parameter 2 of 5'));
    await f.type('seat', 'roof');
    await f.press(KEY.enter, (fr) => fr.includes('seat: '));
    await f.press('\u007f'.repeat(4), (fr) => !fr.includes('roof'));
    await f.type('seat', 'aisle');
    await f.press(KEY.enter, (fr) => fr.includes('parameter 3 of 5'));
    expect(f.frame()).toContain('flight = "UA14"');
    await f.press(KEY.enter, (fr) => fr.includes('parameter 4 of 5'));
    expect(f.frame()).toContain('bags = (skipped)');
    await f.type('vip', 'yes');
    await f.press(KEY.enter, (fr) => fr.includes('parameter 5 of 5'));
    await f.press(KEY.enter, () => f.calls.length === 1);
    expect(f.calls).toEqual([['book', { flight: 'UA14', seat: 'aisle', vip: true }]]);
  });

  it('Esc cancels, in the list or in a parameter; nothing is called', async () => {
    const f = form();
    await frameWith(f.lastFrame, '❯ book');
    f.stdin.write(KEY.esc);
    await until(() => f.cancelled() === 1, 'onCancel');
    expect(f.calls).toEqual([]);
  });
});
