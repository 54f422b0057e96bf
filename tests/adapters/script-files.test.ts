import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentScript, loadUserScript } from '../../src/adapters/script-files.js';
import { useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';

const tempDir = useTempDirs('synthagent-scripts-');
const fileOf = (value: unknown): string => {
  const file = join(tempDir(), 's.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const error = (load: (file: string) => unknown, value: unknown): string => {
  const file = fileOf(value);
  return userErrorMessage(() => load(file)).slice(file.length);
};

describe('loadAgentScript', () => {
  it('reads the steps; a call without args gets {}', () => {
    expect(loadAgentScript(fileOf([{ say: 'hi' }, { call: 't' }, { finish: 'bye' }]))).toEqual([{ say: 'hi' }, { call: 't', args: {} }, { finish: 'bye' }]);
    expect(loadAgentScript(fileOf([]))).toEqual([]);
  });

  it.each<[unknown, string]>([
    [{ say: 'hi' }, ': Invalid input: expected array, received object'],
    // An object with none of say/call: read as a finish step ({} finishes), so the stray key is named.
    [[{ say: 'hi' }, { shout: 'x' }], ': [1]: Unrecognized key: "shout"'],
    [[{ stop: true }], ': [0]: Unrecognized key: "stop"'],
    [[{ call: 't', args: [1] }], ': [0].args: Invalid input: expected record, received array'],
    [[{ say: 5 }], ': [0].say: Invalid input: expected string, received number'],
    [['say hi'], ': [0]: not an agent script step: each is {"say"}, {"call","args"} or {"finish"}'],
  ])('%j → file%s', (value, message) => expect(error(loadAgentScript, value)).toBe(message));

  it('a file that is not JSON: one line naming it', () => {
    expect(error(loadAgentScript, '[{')).toMatch(/^: invalid JSON: /);
  });
});

describe('loadUserScript', () => {
  it('reads say and stop steps', () => {
    expect(loadUserScript(fileOf([{ say: 'hi' }, { stop: true }]))).toEqual([{ say: 'hi' }, { stop: true }]);
  });

  it.each<[unknown, RegExp]>([
    [[{ stop: false }], /^: \[0\]\.stop: /],
    [[{ finish: 'x' }], /^: \[0\]: not a user script step: each is \{"say"\} or \{"stop": true\}$/],
    ['"hi"', /^: /],
  ])('%j is refused', (value, message) => expect(error(loadUserScript, value)).toMatch(message));
});
