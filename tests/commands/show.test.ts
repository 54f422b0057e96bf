import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { diffCommand, showCommand } from '../../src/commands/show.js';
import { RECORDING_FORMAT } from '../../src/domain/recording.js';
import type { Task } from '../../src/domain/task.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { exampleTask } from '../helpers/tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'synthagent-show-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const flights = Array.from({ length: 30 }, (_v, i) => ({ id: `ZZ${100 + i}`, departs: '09:15' }));
let file = '';
let other = '';

beforeAll(async () => {
  const base = exampleTask();
  const task: Task = { ...base, tools: [...base.tools, { name: 'all_flights', description: 'Every flight.', parameters: { type: 'object', properties: {} }, mock: { default: { result: flights } } }] };
  const save = async (name: string, steps: unknown[]): Promise<string> => {
    const { log, result } = await runSession({ task, agent: scriptAgent(steps as never, { kind: 'script' }), user: simUser() });
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify({ format: RECORDING_FORMAT, id: name, createdAt: '2026-01-01T00:00:00.000Z', task, roles: { agent: { kind: 'script' }, user: { kind: 'sim' } }, events: log.events, result, complete: true }));
    return path;
  };
  file = await save(`a-recording-with-a-rather-long-name-${'x'.repeat(40)}.json`, [{ call: 'all_flights', args: {} }, { finish: 'Done.' }]);
  other = await save(`b-recording-with-a-rather-long-name-${'y'.repeat(40)}.json`, [{ say: 'What is your booking reference?' }, { finish: 'Done.' }]);
});

let out = '';
const io = { stdout: { write: (text: string) => void (out += text), columns: 80 }, stderr: { write: () => {} }, env: {}, cwd: dir };
afterEach(() => void (out = ''));

describe('show prints tool results whole unless --brief', () => {
  it.each(['text', 'md'])('%s: every flight of a long result is printed; --brief cuts it and says how to see the rest', (format) => {
    showCommand(file, format, io);
    for (const f of flights) expect(out).toContain(`"id":"${f.id}"`);
    out = '';
    showCommand(file, format, io, true);
    expect(out).not.toContain('"id":"ZZ129"');
    expect(out).toMatch(new RegExp(`… \\(\\d+ more chars: synthagent show ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${format === 'md' ? ' --format md' : ''} prints them whole\\)`));
  });
});

describe('diff', () => {
  // Regression (fixed): the left header's path was cut to the column, the right one's was not.
  it('prints both paths whole, each on its own line', () => {
    diffCommand([file, other], io);
    const lines = out.split('\n');
    expect(lines[0]).toBe(`A ${file}`);
    expect(lines[1]).toBe(`B ${other}`);
    expect(out).toContain('first divergence at seq 1');
    expect(out).toContain('synthagent show A or B prints each event whole');
  });
});
