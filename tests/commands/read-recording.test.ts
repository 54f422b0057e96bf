import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRecordingOrSay } from '../../src/commands/read-recording.js';
import { buffer, cliEnv, useTempDirs } from '../helpers/cli.js';

const GOLDEN = fileURLToPath(new URL('../../fixtures/golden/travel-rebook/reference.json', import.meta.url));
const tempDir = useTempDirs('synthagent-read-rec-');
const io = () => {
  const stdout = buffer();
  const stderr = buffer();
  return { io: { stdout, stderr, env: cliEnv(), cwd: tempDir() }, stdout, stderr };
};

describe('readRecordingOrSay', () => {
  it('a recording: read, nothing said', () => {
    const { io: i, stdout, stderr } = io();
    expect(readRecordingOrSay(GOLDEN, i)?.task.id).toBe('travel-rebook');
    expect([stdout.text(), stderr.text()]).toEqual(['', '']);
  });

  it.each<[string, (dir: string) => string, RegExp]>([
    ['a missing file', (dir) => join(dir, 'gone.json'), /^synthagent: .*gone\.json: cannot read: /],
    ['not a recording', (dir) => (writeFileSync(join(dir, 'x.json'), '{"format": "other"}'), join(dir, 'x.json')), /^synthagent: .*x\.json: format: /],
    ['not JSON', (dir) => (writeFileSync(join(dir, 'y.json'), '{'), join(dir, 'y.json')), /^synthagent: .*y\.json: not a recording: invalid JSON/],
    ['a folder', (dir) => (mkdirSync(join(dir, 'sub')), join(dir, 'sub')), /^synthagent: .*sub: /],
  ])('%s: null, and one stderr line naming it', (_name, make, line) => {
    const { io: i, stdout, stderr } = io();
    expect(readRecordingOrSay(make(tempDir()), i)).toBeNull();
    expect(stdout.text()).toBe('');
    expect(stderr.text()).toMatch(line);
    expect(stderr.text().split('\n')).toHaveLength(2); // one line, then the end
  });

  it('a name with control characters is said safely, on one line', () => {
    const { io: i, stderr } = io();
    expect(readRecordingOrSay(join(tempDir(), 'evil\n\u001b[31m.json'), i)).toBeNull();
    expect(stderr.text()).toContain('evil\\n\\u001b[31m.json');
    expect(stderr.text().split('\n')).toHaveLength(2);
  });
});
