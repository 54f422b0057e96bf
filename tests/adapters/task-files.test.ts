import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_TASKS_DIR, bundledTaskFiles, checkTaskFile, loadBundledTasks, loadTaskFile, loadTaskSource, resolveTask, sourceFor, taskSourceKey } from '../../src/adapters/task-files.js';
import { UnreadableFileError, UserError } from '../../src/errors.js';
import { useTempDirs } from '../helpers/cli.js';
import { thrownBy } from '../helpers/errors.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-task-files-');
const write = (dir: string, name: string, value: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

describe('checkTaskFile', () => {
  it('a valid task: the task and no problems', () => {
    const { task, problems } = checkTaskFile(write(tempDir(), 'ok.json', tinyTask()));
    expect(problems).toEqual([]);
    expect(task?.id).toBe('tiny');
  });

  it('an invalid one: every problem as `file: path: message`', () => {
    const file = write(tempDir(), 'bad.json', { ...tinyTask(), id: 'Bad Id', title: '' });
    const { task, problems } = checkTaskFile(file);
    expect(task).toBeNull();
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.some((p) => p.startsWith(`${file}: id: `))).toBe(true);
    expect(problems.some((p) => p.startsWith(`${file}: title: `))).toBe(true);
  });
});

describe('loadTaskFile', () => {
  it('throws the first problem, counting the rest', () => {
    const file = write(tempDir(), 'bad.json', { ...tinyTask(), id: 'Bad Id', title: '' });
    const err = thrownBy(() => loadTaskFile(file));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(new RegExp(`^${file}: .* \\(and \\d+ more; see synthagent validate\\)$`));
  });

  it('a file unchanged since it was loaded gives the same task; a changed one is read again', () => {
    const file = write(tempDir(), 't.json', tinyTask());
    const first = loadTaskFile(file);
    expect(loadTaskFile(file)).toBe(first);
    writeFileSync(file, JSON.stringify(tinyTask({ title: 'Changed title' })));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expect(loadTaskFile(file).title).toBe('Changed title');
  });

  it('not JSON: one line naming the file', () => {
    const file = write(tempDir(), 'x.json', '{');
    expect(thrownBy(() => loadTaskFile(file)).message).toMatch(new RegExp(`^${file}: invalid JSON: `));
  });
});

describe('resolveTask', () => {
  it('a path to a file: that file', () => {
    const file = write(tempDir(), 'mine.json', tinyTask());
    expect(resolveTask(file)).toMatchObject({ file, source: { file }, task: { id: 'tiny' } });
  });

  it('a bundled id: the bundled file, named by its id', () => {
    const loaded = resolveTask('travel-rebook');
    expect(loaded.source).toEqual({ bundled: 'travel-rebook' });
    expect(loaded.file.startsWith(BUNDLED_TASKS_DIR)).toBe(true);
    expect(loaded.task).toEqual(exampleTask());
  });

  it.each<[string, new (...args: never[]) => Error, RegExp]>([
    ['no-such-task', UserError, /^unknown task "no-such-task": not a file and not a bundled task id \(see synthagent tasks\)$/],
    ['missing.json', UnreadableFileError, /^missing\.json: cannot read: no such file$/],
    ['some/dir/task', UnreadableFileError, /^some\/dir\/task: cannot read: no such file$/],
  ])('%j is refused in one line', (ref, type, message) => {
    const err = thrownBy(() => resolveTask(ref));
    expect(err).toBeInstanceOf(type);
    expect(err.message).toMatch(message);
  });

  it('a folder is not a task file: "is a directory" (a folder named like a bundled id is that task)', () => {
    const dir = tempDir();
    const folder = join(dir, 'somewhere');
    mkdirSync(folder);
    const err = thrownBy(() => resolveTask(folder));
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect(err.message).toBe(`${folder}: cannot read: is a directory`);
  });
});

describe('bundled tasks', () => {
  it('lists every bundled file with its id from the file name, and loads each valid', () => {
    const files = bundledTaskFiles();
    expect(files.length).toBeGreaterThan(10);
    expect(files.find((f) => f.id === 'travel-rebook')?.file).toBe(resolve(BUNDLED_TASKS_DIR, 'travel/travel-rebook.json'));
    const loaded = loadBundledTasks();
    expect(loaded.map((l) => l.task.id)).toEqual(files.map((f) => f.id));
  });

  it('another folder: its own .json files; a missing folder: none', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    write(dir, 'a.json', tinyTask({ id: 'a' }));
    write(join(dir, 'sub'), 'b.json', tinyTask({ id: 'b' }));
    write(dir, 'notes.txt', 'not a task');
    expect(bundledTaskFiles(dir).map((f) => f.id).sort()).toEqual(['a', 'b']);
    expect(bundledTaskFiles(join(dir, 'nope'))).toEqual([]);
  });
});

describe('task sources of recordings', () => {
  it('sourceFor: a bundled task by id; a file by its path relative to the recording', () => {
    const dir = tempDir();
    const file = write(dir, 'task.json', tinyTask());
    expect(sourceFor(resolveTask('travel-rebook'), join(dir, 'recs', 'r.json'))).toEqual({ bundled: 'travel-rebook' });
    expect(sourceFor(resolveTask(file), join(dir, 'recs', 'r.json'))).toEqual({ file: '../task.json' });
  });

  it('taskSourceKey: the same text for recordings in different folders that point at the same file', () => {
    const dir = tempDir();
    expect(taskSourceKey({ file: '../task.json' }, join(dir, 'recs', 'r.json'))).toBe(taskSourceKey({ file: 'task.json' }, join(dir, 'r.json')));
    expect(taskSourceKey({ bundled: 'x' }, '/anywhere/r.json')).toBe('bundled:x');
  });

  it('loadTaskSource: today\'s task, or null when its source is gone', () => {
    const dir = tempDir();
    write(dir, 'task.json', tinyTask());
    const rec = join(dir, 'recs', 'r.json');
    expect(loadTaskSource({ file: '../task.json' }, rec)?.task.id).toBe('tiny');
    expect(loadTaskSource({ file: '../gone.json' }, rec)).toBeNull();
    expect(loadTaskSource({ bundled: 'travel-rebook' }, rec)?.task.id).toBe('travel-rebook');
    expect(loadTaskSource({ bundled: 'no-such-task' }, rec)).toBeNull();
  });

  it('loadTaskSource of a file that became invalid throws its problem (it does not fall back silently)', () => {
    const dir = tempDir();
    write(dir, 'task.json', { ...tinyTask(), title: '' });
    expect(() => loadTaskSource({ file: 'task.json' }, join(dir, 'r.json'))).toThrow(/title: /);
  });
});
