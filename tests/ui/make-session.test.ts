import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { modelKit } from '../../src/adapters/model-kit.js';
import { RunCaches } from '../../src/adapters/run-caches.js';
import type { LoadedTask } from '../../src/adapters/task-files.js';
import { prepareSession, type SessionPlan } from '../../src/ui/make-session.js';
import type { SessionController } from '../../src/ui/session-controller.js';
import { useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';
import { exampleTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-make-session-');
const made: SessionController[] = [];
afterEach(() => {
  for (const c of made.splice(0)) c.abort();
});

function plan(over: Partial<SessionPlan> = {}): SessionPlan {
  const task = exampleTask();
  const file = join(tempDir(), 'task.json');
  writeFileSync(file, JSON.stringify(task));
  const loaded: LoadedTask = { task, file, source: { file } };
  return { loaded, agent: 'human', user: 'sim', recordingsDir: null, kit: modelKit({ env: {} }), caches: new RunCaches(), ...over };
}
const prepared = (over: Partial<SessionPlan> = {}) => {
  const p = prepareSession(plan(over));
  made.push(p.controller);
  return p;
};

describe('prepareSession', () => {
  it.each<[string, string, string]>([
    ['human', 'sim', 'agent'],
    ['reference', 'human', 'user'],
    ['human', 'human', 'both'],
    ['reference', 'sim', 'none'],
  ])('--agent %s --user %s: the person plays %s', (agent, user, player) => {
    const p = prepared({ agent, user });
    expect(p.player).toBe(player);
    expect(p.others).toEqual({ agent, user });
  });

  it('a session nobody plays is watched (Space and n work), at the pace given; one a person plays is not', () => {
    expect(prepared({ agent: 'reference', user: 'sim', pace: 250 }).controller.watched).toBe(true);
    expect(prepared({ agent: 'human', user: 'sim', pace: 250 }).controller.watched).toBe(false);
    // A person answering tools or judging is someone at the keyboard too.
    expect(prepared({ agent: 'reference', user: 'sim', people: { judge: true } }).controller.watched).toBe(false);
  });

  it('records into the recordings folder when there is one, nowhere otherwise', () => {
    const dir = tempDir();
    expect(prepared({ recordingsDir: dir }).controller.getSnapshot().recordingFile?.startsWith(dir)).toBe(true);
    expect(prepared().controller.getSnapshot().recordingFile).toBeNull();
  });

  it.each<[Partial<SessionPlan>, RegExp]>([
    [{ agent: 'mcp' }, /^--agent mcp: start the playground with synthagent play --task T --agent mcp$/],
    [{ agent: 'sim' }, /^--agent sim: unknown role/],
    [{ user: 'reference' }, /^--user reference: unknown role/],
    [{ agent: 'model' }, /^--agent model needs a model/],
  ])('%j is refused in one line', (over, message) => {
    expect(userErrorMessage(() => prepareSession(plan(over)))).toMatch(message);
  });

  it('a watched reference session plays to its end', async () => {
    const p = prepared({ agent: 'reference', user: 'sim' });
    expect((await p.controller.start()).score).toBe(1);
  });
});
