import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkArgs, checkedBy, compileJsonSchema, describeIssues, knownFormatsOnly, schemaStrings } from '../../src/domain/json-schema.js';

const seat = {
  type: 'object',
  properties: { seat: { type: 'string', enum: ['aisle', 'window'] }, count: { type: 'integer', minimum: 1 }, code: { type: 'string', pattern: '^[A-Z]{2}-\\d+$' } },
  required: ['seat'],
  additionalProperties: false,
};

describe('checkArgs', () => {
  it.each<[string, unknown, RegExp | null]>([
    ['valid arguments', { seat: 'aisle' }, null],
    ['all fields valid', { seat: 'window', count: 2, code: 'BK-12' }, null],
    ['a value outside the enum', { seat: 'roof' }, /^seat: /],
    ['a missing required field', {}, /^seat: /],
    ['a number under the minimum', { seat: 'aisle', count: 0 }, /^count: /],
    ['a pattern that does not match', { seat: 'aisle', code: 'bk-12' }, /^code: /],
    ['an unknown field, named', { seat: 'aisle', extra: 1 }, /^extra: unknown field$/],
    ['two unknown fields', { seat: 'aisle', x: 1, y: 2 }, /^x, y: unknown fields$/],
    ['not an object', 'aisle', /expected object/i],
  ])('%s', (_name, args, error) => {
    const got = checkArgs(seat, args);
    if (error === null) expect(got).toBeNull();
    else expect(got).toMatch(error);
  });

  it('joins several problems with "; "', () => {
    expect(checkArgs(seat, { seat: 'roof', count: 0 })?.split('; ')).toHaveLength(2);
  });

  it('says when the parameters are not a usable schema', () => {
    expect(checkArgs({ type: 'object', properties: { a: { type: 'string', pattern: '(?=x)' } } }, { a: 'x' })).toMatch(/^tool parameters are not a usable JSON Schema: /);
  });
});

describe('compileJsonSchema', () => {
  it('returns the same result for the same object and for an equal schema text', () => {
    const a = compileJsonSchema(seat);
    expect(compileJsonSchema(seat)).toBe(a);
    expect(compileJsonSchema(JSON.parse(JSON.stringify(seat)))).toBe(a);
  });

  // A backtracking engine would never finish the first check (the test would time out); RE2 answers at once.
  it('patterns run in linear time: a catastrophic pattern answers', () => {
    const c = compileJsonSchema({ type: 'string', pattern: '^(a+)+$' });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.schema.safeParse(`${'a'.repeat(5000)}!`).success).toBe(false);
    expect(c.schema.safeParse('aaaa').success).toBe(true);
  });

  it('leaves the global RegExp as it was, also after a refused pattern', () => {
    const before = globalThis.RegExp;
    compileJsonSchema({ type: 'string', pattern: '(a)\\1' });
    compileJsonSchema({ type: 'string', pattern: '^b+$' });
    expect(globalThis.RegExp).toBe(before);
  });
});

describe('checkedBy and describeIssues', () => {
  const S = z.strictObject({ name: z.string(), tags: z.array(z.string()) });
  it.each<[unknown, { ok: true; value: unknown } | { ok: false; error: RegExp }]>([
    [{ name: 'a', tags: [] }, { ok: true, value: { name: 'a', tags: [] } }],
    [{ name: 1, tags: [] }, { ok: false, error: /^name: / }],
    [{ name: 'a', tags: ['x', 2] }, { ok: false, error: /^tags\[1\]: / }],
    [{ name: 'a', tags: [], more: true }, { ok: false, error: /^more: unknown field$/ }],
  ])('%j', (value, expected) => {
    const got = checkedBy(S, value);
    expect(got.ok).toBe(expected.ok);
    if (got.ok && expected.ok) expect(got.value).toEqual(expected.value);
    if (!got.ok && !expected.ok) expect(got.error).toMatch(expected.error);
  });

  it('names nested unknown keys with their path; a root issue has no path', () => {
    const issues = [
      { code: 'unrecognized_keys', keys: ['x'], path: ['a', 0], message: 'm', input: {} },
      { code: 'custom', path: [], message: 'whole thing is wrong', input: {} },
    ] as unknown as z.core.$ZodIssue[];
    expect(describeIssues(issues)).toBe('a[0].x: unknown field; whole thing is wrong');
  });
});

describe('schemaStrings', () => {
  it('finds every pattern with its path, not values inside enum/const/default/examples', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string', pattern: '^a$' }, b: { type: 'array', items: [{ pattern: '^b$' }] } },
      default: { pattern: 'not a keyword' },
      examples: [{ pattern: 'nor this' }],
      enum: [{ pattern: 'nor this' }],
      const: { pattern: 'nor this' },
    };
    expect(schemaStrings(schema, 'pattern', 'tools[0].parameters')).toEqual([
      ['tools[0].parameters.properties.a.pattern', '^a$'],
      ['tools[0].parameters.properties.b.items[0].pattern', '^b$'],
    ]);
  });

  it('finds nothing in a schema without the keyword, or in a non-object', () => {
    expect(schemaStrings({ type: 'string' }, 'format', 'x')).toEqual([]);
    expect(schemaStrings('pattern', 'pattern', 'x')).toEqual([]);
    expect(schemaStrings(null, 'pattern', 'x')).toEqual([]);
  });
});

describe('knownFormatsOnly', () => {
  it.each<[string, unknown, unknown]>([
    ['a known format stays', { type: 'string', format: 'date' }, { type: 'string', format: 'date' }],
    ['an unknown format moves into the description', { type: 'string', format: 'YYYY-MM-DD' }, { type: 'string', description: 'format: YYYY-MM-DD' }],
    ['… after an existing description', { type: 'string', format: 'HH:MM', description: 'Start time' }, { type: 'string', description: 'Start time (format: HH:MM)' }],
    ['… an empty description is replaced', { format: 'x', description: '' }, { description: 'format: x' }],
    ['nested in properties and arrays', { properties: { d: { format: 'dd/mm' } }, anyOf: [{ format: 'ipv4' }] }, { properties: { d: { description: 'format: dd/mm' } }, anyOf: [{ format: 'ipv4' }] }],
    ['values inside enum/default are data, left alone', { default: { format: 'odd' }, enum: [{ format: 'odd' }] }, { default: { format: 'odd' }, enum: [{ format: 'odd' }] }],
    ['a non-string format is left alone', { format: 3 }, { format: 3 }],
    ['a scalar', 'x', 'x'],
  ])('%s', (_name, schema, expected) => {
    const copy = JSON.parse(JSON.stringify(schema));
    expect(knownFormatsOnly(schema)).toEqual(expected);
    expect(schema).toEqual(copy); // the input is not changed
  });
});
