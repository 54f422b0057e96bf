import { Console } from 'node:console';
import { EventEmitter } from 'node:events';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { modelKit } from '../../src/adapters/model-kit.js';
import { RunCaches } from '../../src/adapters/run-caches.js';
import { resolveTask } from '../../src/adapters/task-files.js';
import type { AppProps } from '../../src/ui/App.js';
import { runPlayground } from '../../src/ui/play.js';
import { useTempDirs } from '../helpers/cli.js';
import { until } from '../helpers/ink.js';

const tempDir = useTempDirs('synthagent-play-');

// Ink patches the console while the playground runs (new console.Console(…)); vitest's console lacks the constructor.
const had = Object.hasOwn(console, 'Console');
beforeAll(() => void (had || Object.assign(console, { Console })));
afterAll(() => void (had || delete (console as { Console?: unknown }).Console));

/** A terminal in memory: keys go in through `type`, what Ink draws is kept. */
function terminal() {
  const out: string[] = [];
  const stdout = Object.assign(new EventEmitter(), { columns: 100, rows: 30, isTTY: true, write: (s: string) => (out.push(s), true) });
  let pending: string | null = null;
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    setEncoding() {},
    setRawMode() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read: () => {
      const d = pending;
      pending = null;
      return d;
    },
  });
  const type = (keys: string): void => {
    pending = keys;
    stdin.emit('readable');
    stdin.emit('data', keys);
  };
  return { terminal: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream }, drawn: () => out.join(''), type };
}

function props(start: AppProps['start'], recordingsDir: string | null = tempDir()): AppProps {
  return { tasks: [resolveTask('travel-rebook')], recordingsDir, goldenDir: tempDir(), kit: modelKit({ env: {} }), caches: new RunCaches(), start };
}

describe('runPlayground', () => {
  it('resolves when the person quits (Esc on the picker)', async () => {
    const t = terminal();
    const done = runPlayground(props({ name: 'picker' }), t.terminal, new AbortController().signal);
    await until(() => t.drawn().includes('pick a task'), 'the picker', 30_000);
    t.type('\u001B');
    await done;
  });

  it('a stop (a terminal closed, a kill) ends the running session, saved incomplete, then the playground', async () => {
    const t = terminal();
    const dir = tempDir();
    const stop = new AbortController();
    const loaded = resolveTask('travel-rebook');
    const done = runPlayground(props({ name: 'session', plan: { loaded, agent: 'human', user: 'sim', recordingsDir: dir, kit: modelKit({ env: {} }), caches: new RunCaches() } }, dir), t.terminal, stop.signal);
    await until(() => t.drawn().includes('agent ❯'), 'the session waiting for the agent', 30_000);
    stop.abort('SIGHUP');
    await done;
    const [file] = readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'index.json');
    expect(readRecording(`${dir}/${file}`)).toMatchObject({ complete: false, result: { end: 'aborted' } });
  });
});
