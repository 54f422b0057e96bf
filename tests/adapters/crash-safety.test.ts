import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { RecordingStore } from '../../src/adapters/recording-store.js';
import { exampleTask } from '../helpers/tasks.js';

const CLI = new URL('../../dist/bin.js', import.meta.url).pathname;

/** Resolves once `check` holds, polling the file system (the child gives no other signal). */
async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a killed session leaves a recording that loads', () => {
  it('kill -9 mid-session: complete false, every event up to the last one written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-crash-'));
    const task = { ...exampleTask(), limits: { maxTurns: 1_000_000, maxToolCalls: 1_000_000 } };
    writeFileSync(join(dir, 'task.json'), JSON.stringify(task));
    const steps = Array.from({ length: 30_000 }, (_, i) => ({ call: 'search_flights', args: { origin: 'SFO', destination: 'DEN', date: `2026-12-${String((i % 28) + 1).padStart(2, '0')}` } }));
    writeFileSync(join(dir, 'script.json'), JSON.stringify(steps));
    const child = spawn(process.execPath, [CLI, 'run', '--task', 'task.json', '--agent', 'script:script.json'], { cwd: dir, stdio: 'ignore' });
    const recDir = join(dir, 'recordings');
    const recFile = (): string | undefined => (existsSync(recDir) ? readdirSync(recDir).find((f) => f !== 'index.json' && f.endsWith('.json')) : undefined);
    await until(() => {
      const f = recFile();
      return f !== undefined && statSync(join(recDir, f)).size > 200_000;
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const rec = readRecording(join(recDir, recFile()!));
    expect(rec.complete).toBe(false);
    expect(rec.result).toBeNull();
    expect(rec.events.length).toBeGreaterThan(100);
    expect(rec.events.map((e) => e.seq)).toEqual(rec.events.map((_, i) => i));
    // The store lists it, marked incomplete.
    expect(new RecordingStore(recDir).list()).toMatchObject([{ task: 'travel-rebook', complete: false, score: null }]);
  });

  it('SIGINT mid-session: the recording ends with end: aborted, complete false', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-int-'));
    const task = { ...exampleTask(), limits: { maxTurns: 1_000_000, maxToolCalls: 1_000_000 } };
    writeFileSync(join(dir, 'task.json'), JSON.stringify(task));
    const steps = Array.from({ length: 30_000 }, () => ({ call: 'get_booking', args: { booking_id: 'BK-1' } }));
    writeFileSync(join(dir, 'script.json'), JSON.stringify(steps));
    const child = spawn(process.execPath, [CLI, 'run', '--task', 'task.json', '--agent', 'script:script.json', '--record', 'out.json'], { cwd: dir, stdio: 'ignore' });
    await until(() => existsSync(join(dir, 'out.json')) && statSync(join(dir, 'out.json')).size > 50_000);
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(130);
    const rec = readRecording(join(dir, 'out.json'));
    expect(rec.complete).toBe(false);
    expect(rec.result?.end).toBe('aborted');
    expect(rec.events.at(-1)).toMatchObject({ type: 'end', reason: 'aborted' });
  });
});
