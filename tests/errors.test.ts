import { describe, expect, it } from 'vitest';
import { assertNever, errorMessage, ModelBehaviorError, safeLine, SystemError, UnreadableFileError, UserError } from '../src/errors.js';

describe('error classes', () => {
  it('a UserError exits 2 unless told otherwise; an unreadable file is a UserError naming the file', () => {
    expect(new UserError('bad').exitCode).toBe(2);
    expect(new UserError('bad', 1).exitCode).toBe(1);
    const e = new UnreadableFileError('a.json', 'no such file');
    expect(e).toBeInstanceOf(UserError);
    expect([e.message, e.file, e.why, e.name, e.exitCode]).toEqual(['a.json: cannot read: no such file', 'a.json', 'no such file', 'UnreadableFileError', 2]);
  });

  it.each<[Error, string]>([
    [new UserError('x'), 'UserError'],
    [new ModelBehaviorError('x'), 'ModelBehaviorError'],
    [new SystemError('x'), 'SystemError'],
  ])('%s has its name (callers branch on the type, not the text)', (err, name) => {
    expect(err.name).toBe(name);
    expect(err).toBeInstanceOf(Error);
  });

  it('assertNever throws naming the value it got', () => {
    expect(() => assertNever({ type: 'odd' } as never)).toThrow('unexpected value: {"type":"odd"}');
  });
});

describe('errorMessage', () => {
  it.each<[unknown, string]>([
    [new Error('boom'), 'boom'],
    [{ message: 'from an object' }, 'from an object'],
    [{ message: 42 }, '42'],
    ['a string', 'a string'],
    [undefined, 'undefined'],
    [null, 'null'],
    [7, '7'],
  ])('%j → %j', (err, text) => expect(errorMessage(err)).toBe(text));
});

describe('safeLine', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['two\nlines', 'two\\nlines'],
    ['tab\there', 'tab here'],
    ['\u001b[31mred\u001b[0m', '\\u001b[31mred\\u001b[0m'],
    ['nul\u0000byte', 'nul\\u0000byte'],
    ['del\u007f', 'del\\u007f'],
    ['bidi \u202eevil', 'bidi \\u202eevil'],
    ['zero\u200bwidth', 'zero\\u200bwidth'],
    ['bom\ufeff', 'bom\\ufeff'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['café ☕ 漢字', 'café ☕ 漢字'],
  ])('%j → %j', (text, line) => expect(safeLine(text)).toBe(line));

  it('cuts at max characters, with an ellipsis, after escaping', () => {
    expect(safeLine('x'.repeat(10), 5)).toBe('xxxx…');
    expect(safeLine('x'.repeat(5), 5)).toBe('xxxxx');
    expect(safeLine('\n'.repeat(3), 5)).toBe('\\n\\n…');
    expect(safeLine('y'.repeat(600))).toHaveLength(500);
  });
});
