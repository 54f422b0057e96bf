import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { modelKit } from '../../src/adapters/model-kit.js';
import { RunCaches } from '../../src/adapters/run-caches.js';
import { type LoadedTask, resolveTask } from '../../src/adapters/task-files.js';
import { App, type AppProps } from '../../src/ui/App.js';
import { useTempDirs } from '../helpers/cli.js';
import { frameWhere, frameWith, KEY, keyboard } from '../helpers/ink.js';

const tempDir = useTempDirs('synthagent-app-');
const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

function app(start: AppProps['start'], tasks: LoadedTask[] = [resolveTask('travel-rebook')], recordingsDir = tempDir()) {
  const goldenDir = tempDir();
  const kit = modelKit({ env: {} });
  const caches = new RunCaches();
  const inst = render(<App tasks={tasks} recordingsDir={recordingsDir} goldenDir={goldenDir} kit={kit} caches={caches} start={start} />);
  mounted.push(inst.unmount);
  return { ...inst, ...keyboard(inst), recordingsDir, goldenDir };
}

/** Waits for the end screen of a session (a whole session: the deadline only catches a hang). */
const ended = (lastFrame: () => string | undefined, text: string): Promise<string> => frameWhere(lastFrame, (f) => f.includes(text), `the end screen (${text})`, 30_000);

/** A session nobody plays (the reference against the rule simulator), watched to its end. */
function watched() {
  const loaded = resolveTask('travel-rebook');
  const recordingsDir = tempDir();
  return app({ name: 'session', plan: { loaded, agent: 'reference', user: 'sim', recordingsDir, kit: modelKit({ env: {} }), caches: new RunCaches() } }, [loaded], recordingsDir);
}

describe('App', () => {
  it('picker → setup (Enter) → back to the picker (Esc)', async () => {
    const a = app({ name: 'picker' });
    await frameWith(a.lastFrame, 'pick a task', 'travel-rebook');
    await a.press(KEY.enter, (f) => f.includes('Who plays the agent?'));
    await a.press(KEY.esc, (f) => f.includes('pick a task'));
  });

  it('a session to its end; g promotes the recording into the golden folder, once', async () => {
    const a = watched();
    await ended(a.lastFrame, 'g promote to golden fixture');
    await a.press('g', (f) => f.includes('promoted to '));
    const copies = readdirSync(join(a.goldenDir, 'travel-rebook'));
    expect(copies).toHaveLength(1);
    await a.press('g', (f) => f.includes('already promoted'));
    expect(readdirSync(join(a.goldenDir, 'travel-rebook'))).toEqual(copies);
  });

  it('v opens the recording in the viewer; q goes back to the end screen; p plays again', async () => {
    const a = watched();
    await ended(a.lastFrame, 'v view the recording');
    const recordings = (): string[] => readdirSync(a.recordingsDir).filter((n) => n.endsWith('.json') && n !== 'index.json');
    expect(recordings()).toHaveLength(1);
    await a.press('v', (f) => !f.includes('v view the recording') && f.includes('travel-rebook'));
    await a.press('q', (f) => f.includes('v view the recording'));
    a.stdin.write('p');
    await frameWhere(a.lastFrame, (f) => f.includes('v view the recording') && recordings().length === 2, 'the second session\'s end screen', 30_000);
  });

  it('a session that cannot start says why, on the picker', async () => {
    const loaded = resolveTask('travel-rebook');
    const a = app({ name: 'session', plan: { loaded, agent: 'model', user: 'sim', recordingsDir: tempDir(), kit: modelKit({ env: {} }), caches: new RunCaches() } });
    const frame = await frameWith(a.lastFrame, 'pick a task');
    expect(frame).toContain('--agent model needs a model');
  });

  it('without a recordings folder nothing is saved, and v and g are not offered', async () => {
    const loaded = resolveTask('travel-rebook');
    const a = app({ name: 'session', plan: { loaded, agent: 'reference', user: 'sim', recordingsDir: null, kit: modelKit({ env: {} }), caches: new RunCaches() } });
    const frame = await ended(a.lastFrame, 'p play again');
    expect(frame).not.toContain('v view the recording');
    expect(frame).not.toContain('g promote');
    expect(existsSync(join(a.goldenDir, 'travel-rebook'))).toBe(false);
  });
});
