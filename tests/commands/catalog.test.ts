import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundledTasks } from '../../src/adapters/task-files.js';
import { schemaCommand, tasksCommand, validateCommand } from '../../src/commands/catalog.js';
import { buffer, cliEnv, useTempDirs } from '../helpers/cli.js';
import { userErrorMessage } from '../helpers/errors.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-catalog-');
const io = () => {
  const stdout = buffer();
  const stderr = buffer();
  return { io: { stdout, stderr, env: cliEnv(), cwd: tempDir() }, stdout, stderr };
};
const fileWith = (name: string, value: unknown): string => {
  const file = join(tempDir(), name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

describe('validateCommand', () => {
  it('one valid task: ok, exit 0, no summary', async () => {
    const { io: i, stdout, stderr } = io();
    const file = fileWith('ok.json', exampleTask());
    expect(await validateCommand([file], i)).toBe(0);
    expect(stdout.text()).toBe(`ok  ${file}\n`);
    expect(stderr.text()).toBe('');
  });

  it('an invalid task: its problems, exit 1; a summary line when several files', async () => {
    const { io: i, stdout, stderr } = io();
    const good = fileWith('good.json', tinyTask());
    const bad = fileWith('bad.json', { ...tinyTask(), title: '' });
    expect(await validateCommand([good, bad], i)).toBe(1);
    expect(stdout.text()).toContain(`ok  ${good}\n`);
    expect(stdout.text()).toContain(`${bad}: title: `);
    expect(stderr.text()).toBe('1 valid, 1 invalid\n');
  });

  it('a reference that does not reach 1 is a problem of the task', async () => {
    const { io: i, stdout } = io();
    const task = exampleTask();
    const file = fileWith('weak.json', { ...task, reference: task.reference!.slice(0, 1) });
    expect(await validateCommand([file], i)).toBe(1);
    expect(stdout.text()).toMatch(new RegExp(`^${file}: reference: scores 0\\.\\d\\d against the rule simulator, and must reach 1$`, 'm'));
  });

  it('a file that is not JSON is invalid (1); one that cannot be read is bad usage (2)', async () => {
    const { io: a } = io();
    expect(await validateCommand([fileWith('x.json', '{')], a)).toBe(1);
    const { io: b, stdout } = io();
    expect(await validateCommand([fileWith('y.json', tinyTask()), join(tempDir(), 'gone.json')], b)).toBe(2);
    expect(stdout.text()).toMatch(/gone\.json: cannot read: /);
  });

  it('no files: one line saying what to give', async () => {
    const { io: i } = io();
    await expect(validateCommand([], i)).rejects.toThrow('validate: give one or more task files');
  });
});

describe('tasksCommand', () => {
  it('a row per bundled task, then how to play one', () => {
    const { io: i, stdout } = io();
    expect(tasksCommand(false, i)).toBe(0);
    const lines = stdout.text().trimEnd().split('\n');
    const tasks = loadBundledTasks();
    expect(lines).toHaveLength(tasks.length + 2);
    expect(lines[0]).toMatch(/^id\s+domain\s+level\s+title$/);
    expect(lines.some((l) => l.startsWith('travel-rebook '))).toBe(true);
    expect(lines.at(-1)).toBe(`${tasks.length} tasks. Play one: synthagent play --task <id>; run one: synthagent run --task <id>`);
  });

  it('--json: one object per task with its counts', () => {
    const { io: i, stdout } = io();
    tasksCommand(true, i);
    const rows = JSON.parse(stdout.text()) as { id: string; tools: number; reference: boolean }[];
    const example = rows.find((r) => r.id === 'travel-rebook');
    expect(example).toMatchObject({ tools: exampleTask().tools.length, reference: true, domain: 'travel' });
    expect(rows).toHaveLength(loadBundledTasks().length);
  });
});

describe('schemaCommand', () => {
  it.each(['task', 'recording'])('%s: a JSON Schema titled for it', (which) => {
    const { io: i, stdout } = io();
    expect(schemaCommand(which, i)).toBe(0);
    const schema = JSON.parse(stdout.text()) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe(`synthagent ${which}`);
    expect(Object.keys(schema.properties)).toContain('format');
  });

  it.each([undefined, 'event'])('%j: say which', (which) => {
    const { io: i } = io();
    expect(userErrorMessage(() => schemaCommand(which, i))).toBe('schema: say which: task or recording');
  });
});
