import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicJsonFile, readJsonFile, refuseDeepNesting, writeJsonFile } from '../../src/adapters/json-file.js';
import { MAX_NESTING } from '../../src/domain/json.js';
import { useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';

const tempDir = useTempDirs('synthagent-json-file-');
const fileWith = (text: string): string => {
  const file = join(tempDir(), 'x.json');
  writeFileSync(file, text);
  return file;
};

describe('readJsonFile', () => {
  it.each<[string, unknown]>([
    ['{"a": [1, 2]}', { a: [1, 2] }],
    ['\ufeff{"bom": true}', { bom: true }],
    ['  3 ', 3],
    ['null', null],
  ])('reads %j', (text, value) => expect(readJsonFile(fileWith(text))).toEqual(value));

  it.each<[string, RegExp]>([
    ['{"a": 1,\n  }', /: invalid JSON: Expected double-quoted property name at line 2, column 3$/],
    ['{"a": 1}\n x', /: invalid JSON: Unexpected non-whitespace character after JSON at line 2, column 2$/],
    // Node gives no position for this one; the quoted source (newlines and all) is left out.
    ['{"a": 1,\n  "b": }', /: invalid JSON: Unexpected token '}'$/],
    ['{"a": 1', /: invalid JSON: /],
    ['', /: invalid JSON: the file is empty$/],
    ['   \n', /: invalid JSON: the file is empty$/],
  ])('one line naming the file for %j', (text, message) => {
    const file = fileWith(text);
    const got = userErrorMessage(() => readJsonFile(file));
    expect(got.startsWith(`${file}: `)).toBe(true);
    expect(got).toMatch(message);
    expect(got).not.toContain('\n');
  });

  it('a missing file is one line naming it', () => {
    const file = join(tempDir(), 'missing.json');
    expect(userErrorMessage(() => readJsonFile(file))).toMatch(new RegExp(`^${file}: `));
  });

  it('refuses nesting deeper than MAX_NESTING, and takes it at the limit', () => {
    const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    expect(userErrorMessage(() => readJsonFile(fileWith(nested(MAX_NESTING + 1))))).toMatch(new RegExp(`: nested deeper than ${MAX_NESTING} levels$`));
    expect(() => readJsonFile(fileWith(nested(MAX_NESTING)))).not.toThrow();
    expect(() => refuseDeepNesting('f', { a: 1 })).not.toThrow();
  });
});

describe('writeJsonFile and AtomicJsonFile', () => {
  it('writes indented JSON ending in a newline, leaving no temp file', () => {
    const dir = tempDir();
    const file = join(dir, 'out.json');
    writeJsonFile(file, { a: [1] });
    expect(readFileSync(file, 'utf8')).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('the adapter reads null for a missing file, what was written otherwise, and throws on a broken file', () => {
    const dir = tempDir();
    const adapter = new AtomicJsonFile<{ n: number }>(join(dir, 'db.json'));
    expect(adapter.read()).toBeNull();
    adapter.write({ n: 1 });
    adapter.write({ n: 2 });
    expect(adapter.read()).toEqual({ n: 2 });
    writeFileSync(join(dir, 'db.json'), '{');
    expect(() => adapter.read()).toThrow(SyntaxError);
  });
});
