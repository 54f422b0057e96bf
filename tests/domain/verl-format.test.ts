import { describe, expect, it } from 'vitest';
import { parseSystemPrompt, parseUserPrompt, pythonJson, renderSystemPrompt, renderUserPrompt, type VerlFunction, VerlRecord } from '../../src/domain/verl-format.js';

const fns: VerlFunction[] = [
  { name: 'get_order', description: 'Look up an order.', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
  { name: 'refund', description: 'Réembourser', parameters: { type: 'object', properties: {} }, outputs: { type: 'object' } },
];

describe('pythonJson', () => {
  it.each<[unknown, string]>([
    [{ a: 1, b: [true, null, 'x'] }, '{"a": 1, "b": [true, null, "x"]}'],
    [[], '[]'],
    [{}, '{}'],
    ['café ☕', '"caf\\u00e9 \\u2615"'],
    [{ 'clé': 'é' }, '{"cl\\u00e9": "\\u00e9"}'],
    [{ a: undefined, b: 1 }, '{"b": 1}'],
    [undefined, 'null'],
    [1.5, '1.5'],
    ['line\n"quoted"', '"line\\n\\"quoted\\""'],
  ])('%j → %s', (value, text) => expect(pythonJson(value)).toBe(text));
});

describe('renderSystemPrompt and parseSystemPrompt', () => {
  it.each<[string, string | undefined]>([
    ['with a policy', 'Refund only paid orders.\nNever share card numbers.'],
    ['without a policy', undefined],
  ])('read back what they wrote (%s)', (_name, policy) => {
    const text = renderSystemPrompt(policy, fns);
    expect(text.includes('<policy>')).toBe(policy !== undefined);
    expect(parseSystemPrompt(text)).toEqual({ ok: true, value: { policy, functions: fns } });
  });

  it('reads the last <tools> block (the preamble names the tags), untagged policy text before "# Tools", and `returns` as outputs', () => {
    const text = 'Be kind.\n\n# Tools\nwithin <tools></tools> XML tags:\n<tools>\n{"name": "a", "returns": {"type": "string"}}\n\n{"type": "function", "function": {"name": " b ", "parameters": {"type": "object"}}}\n</tools>';
    expect(parseSystemPrompt(text)).toEqual({
      ok: true,
      value: {
        policy: 'Be kind.',
        functions: [
          { name: 'a', description: '', parameters: { type: 'object', properties: {} }, outputs: { type: 'string' } },
          { name: 'b', description: '', parameters: { type: 'object' } },
        ],
      },
    });
  });

  it.each<[string, string]>([
    ['no tools at all', 'no <tools>…</tools> block in the system message'],
    ['<tools>\nnot json\n</tools>', '<tools> entry 1: not a JSON object'],
    ['<tools>\n{"name": "a"}\n{"description": "x"}\n</tools>', '<tools> entry 2: a function needs a "name"'],
    ['<tools>\n{"name": "  "}\n</tools>', '<tools> entry 1: a function needs a "name"'],
    ['<tools>\n{"name": "a", "parameters": {"type": "array"}}\n</tools>', '<tools> entry 1: function "a": "parameters" must be a JSON Schema of type "object"'],
    ['<tools>\n{"name": "a", "outputs": "text"}\n</tools>', '<tools> entry 1: function "a": "outputs" must be a JSON Schema object'],
    ['<tools>\n{"name": "a", "returns": 3}\n</tools>', '<tools> entry 1: function "a": "returns" must be a JSON Schema object'],
  ])('refuses %j', (text, error) => expect(parseSystemPrompt(text)).toEqual({ ok: false, error }));

  it('an empty <tools> block is a prompt with no functions; an empty policy is none', () => {
    expect(parseSystemPrompt('<policy>  </policy>\n<tools>\n</tools>')).toEqual({ ok: true, value: { policy: undefined, functions: [] } });
  });
});

describe('renderUserPrompt and parseUserPrompt', () => {
  it.each<[string, string]>([
    ['Refund order A-1', 'Task Description: Refund order A-1.'],
    ['Can you refund A-1?', 'Task Description: Can you refund A-1?'],
    ['Refund it now!', 'Task Description: Refund it now!'],
    ['Refund order A-1.', 'Task Description: Refund order A-1..'], // the paper's template adds its period anyway
  ])('%j', (instruction, head) => {
    const text = renderUserPrompt(instruction);
    expect(text.startsWith(`${head}\n\n### Requirements:\n1. `)).toBe(true);
    expect(parseUserPrompt(text)).toBe(instruction);
  });

  it.each<[string, string]>([
    ['Task Description: Do it.\n\n#### Requirements:\n1. x', 'Do it'],
    ['Task Description:   spaced out  ', 'spaced out'],
    ['Just a request, no template.', 'Just a request, no template.'], // without the template: the text as it is
  ])('%j → %j', (text, instruction) => expect(parseUserPrompt(text)).toBe(instruction));
});

describe('VerlRecord', () => {
  const good = { id: 7, prompt: [{ role: 'system', content: 's' }], task_background: null, rubrics: '', extra: 'kept' };
  it.each<[string, unknown, boolean]>([
    ['a record with a numeric id and a null background, extra fields kept', good, true],
    ['an empty string id', { ...good, id: '' }, false],
    ['no prompt messages', { ...good, prompt: [] }, false],
    ['a message without content', { ...good, prompt: [{ role: 'user' }] }, false],
    ['no rubrics', { ...good, rubrics: undefined }, false],
  ])('%s', (_name, record, ok) => {
    const parsed = VerlRecord.safeParse(record);
    expect(parsed.success).toBe(ok);
    if (parsed.success) expect(parsed.data).toMatchObject({ extra: 'kept' });
  });
});
