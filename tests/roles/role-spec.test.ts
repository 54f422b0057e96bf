import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headlessAgent, headlessUser, parseRoleSpec, type RoleSpec } from '../../src/roles/role-spec.js';
import { useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-role-spec-');

describe('parseRoleSpec', () => {
  it.each<['agent' | 'user', string, RoleSpec]>([
    ['agent', 'human', { kind: 'human' }],
    ['agent', 'model', { kind: 'model' }],
    ['agent', 'reference', { kind: 'reference' }],
    ['agent', 'script:a.json', { kind: 'script', file: 'a.json' }],
    ['agent', 'script:dir/with:colon.json', { kind: 'script', file: 'dir/with:colon.json' }],
    ['user', 'sim', { kind: 'sim' }],
    ['user', 'human', { kind: 'human' }],
    ['user', 'model', { kind: 'model' }],
    ['user', 'script:u.json', { kind: 'script', file: 'u.json' }],
  ])('--%s %s', (side, text, spec) => expect(parseRoleSpec(side, text)).toEqual(spec));

  it.each<['agent' | 'user', string, string]>([
    ['agent', 'sim', '--agent sim: unknown role (one of human, model, reference, script:FILE)'],
    ['user', 'reference', '--user reference: unknown role (one of sim, human, model, script:FILE)'],
    ['agent', 'Human', '--agent Human: unknown role (one of human, model, reference, script:FILE)'],
    ['agent', '', '--agent : unknown role (one of human, model, reference, script:FILE)'],
    ['user', 'script:', '--user script: needs a file, as in script:path/to/script.json'],
  ])('--%s %j is refused', (side, text, error) => expect(userErrorMessage(() => parseRoleSpec(side, text))).toBe(error));
});

describe('headlessAgent', () => {
  it('the reference plays the task\'s solution, from the step after the moves a fork holds', async () => {
    const task = exampleTask();
    const all = headlessAgent({ kind: 'reference' }, task, 'task.json');
    const rest = headlessAgent({ kind: 'reference' }, task, 'task.json', 2);
    expect(all.info).toEqual({ kind: 'reference' });
    const view = { items: [] } as never;
    const ctx = { signal: new AbortController().signal, note: () => {} };
    const played = [await all.act(view, ctx), await all.act(view, ctx), await all.act(view, ctx)];
    expect(played[0]).not.toEqual(played[2]);
    expect(await rest.act(view, ctx)).toEqual(played[2]);
  });

  it('a script agent reads its file and says which it is', () => {
    const file = join(tempDir(), 'a.json');
    writeFileSync(file, JSON.stringify([{ finish: 'bye' }]));
    expect(headlessAgent({ kind: 'script', file }, exampleTask(), 'task.json').info).toEqual({ kind: 'script', script: file });
  });

  it.each<[RoleSpec, string]>([
    [{ kind: 'human' }, '--agent human needs the playground: use synthagent play'],
    [{ kind: 'model' }, '--agent model: not available here'],
    [{ kind: 'sim' }, '--agent sim: not available here'],
  ])('%j is refused', (spec, error) => expect(userErrorMessage(() => headlessAgent(spec, exampleTask(), 'task.json'))).toBe(error));

  it('a task without a reference names its file and what to do instead', () => {
    expect(userErrorMessage(() => headlessAgent({ kind: 'reference' }, tinyTask(), 'my/task.json'))).toBe(
      'my/task.json: reference: the task has no reference solution (play it with --agent model or script:FILE; imported tasks have none)',
    );
  });

  it('a missing script file: one line naming it', () => {
    expect(userErrorMessage(() => headlessAgent({ kind: 'script', file: join(tempDir(), 'nope.json') }, exampleTask(), 't'))).toMatch(/nope\.json: /);
  });
});

describe('headlessUser', () => {
  it('sim is the rule simulator; a script its file', () => {
    expect(headlessUser({ kind: 'sim' }).info).toEqual({ kind: 'sim' });
    const file = join(tempDir(), 'u.json');
    writeFileSync(file, JSON.stringify([{ say: 'hi' }, { stop: true }]));
    expect(headlessUser({ kind: 'script', file }).info).toEqual({ kind: 'script', script: file });
  });

  it.each<[RoleSpec, string]>([
    [{ kind: 'human' }, '--user human needs the playground: use synthagent play'],
    [{ kind: 'model' }, '--user model: not available here'],
    [{ kind: 'reference' }, '--user reference: not available here'],
  ])('%j is refused', (spec, error) => expect(userErrorMessage(() => headlessUser(spec))).toBe(error));
});
