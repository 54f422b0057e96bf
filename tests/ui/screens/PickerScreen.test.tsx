import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LoadedTask, loadBundledTasks } from '../../../src/adapters/task-files.js';
import { PickerScreen } from '../../../src/ui/screens/PickerScreen.js';
import { frameWith, KEY, keyboard, until } from '../../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
  vi.unstubAllEnvs();
});

const tasks = loadBundledTasks();

async function picker() {
  const picked: LoadedTask[] = [];
  let quits = 0;
  const inst = render(<PickerScreen tasks={tasks} onPick={(t) => picked.push(t)} onQuit={() => void quits++} />);
  mounted.push(inst.unmount);
  await frameWith(inst.lastFrame, `(${tasks.length} of ${tasks.length})`);
  return { ...inst, ...keyboard(inst), picked, quits: () => quits };
}

/** What the filter line shows. */
const filterOf = (frame: string): string | undefined => /filter ❯(.*)$/m.exec(frame)?.[1]?.trim();

/** Titles of the rows shown, the selected one marked with ❯. */
const rows = (frame: string): string[] => frame.split('\n').slice(2).filter((l) => / · (easy|medium|hard|—) · /.test(l)).map((l) => l.replace(/\s{2,}\S.*$/, '').trim());

describe('PickerScreen', () => {
  it('lists every bundled task, the first one selected', async () => {
    const p = await picker();
    const shown = rows(p.frame());
    expect(tasks.length).toBeGreaterThan(5);
    expect(shown).toHaveLength(tasks.length);
    expect(shown[0]).toBe(`❯ ${tasks[0]!.task.title}`);
    expect(shown.filter((r) => r.startsWith('❯'))).toHaveLength(1);
  });

  it('typing filters: "hotel" leaves only travel-hotel-extend, and Enter picks it', async () => {
    const p = await picker();
    const f = await p.press('hotel', (fr) => fr.includes(`(1 of ${tasks.length})`));
    expect(f).toContain('filter ❯ hotel');
    expect(rows(f)).toEqual(['❯ Extend a hotel stay']);
    expect(f).toContain('travel-hotel-extend');
    expect(f).not.toContain('travel-rebook');
    p.stdin.write(KEY.enter);
    await until(() => p.picked.length === 1, 'onPick');
    expect(p.picked[0]!.task.id).toBe('travel-hotel-extend');
    expect(p.picked[0]!.source).toEqual({ bundled: 'travel-hotel-extend' });
  });

  it('every word must match, in id, title, domain or difficulty', async () => {
    const p = await picker();
    const f = await p.press('travel easy', (fr) => fr.includes(`(1 of ${tasks.length})`));
    expect(rows(f)).toEqual(['❯ Rebook a cancelled flight']);
  });

  it('↑/↓ move the selection within the list, and Enter picks the selected task', async () => {
    const p = await picker();
    await p.press('travel', (f) => f.includes(`(2 of ${tasks.length})`));
    await p.press(KEY.up, (f) => rows(f)[0]!.startsWith('❯')); // already at the top
    await p.press(KEY.down, (f) => rows(f)[1]!.startsWith('❯'));
    await p.press(KEY.down, (f) => rows(f)[1]!.startsWith('❯')); // already at the bottom
    p.stdin.write(KEY.enter);
    await until(() => p.picked.length === 1, 'onPick');
    expect(p.picked[0]!.task.id).toBe('travel-rebook');
  });

  it('no match: a message, and Enter picks nothing; Backspace widens the filter again', async () => {
    const p = await picker();
    const f = await p.press('zzz', (fr) => fr.includes(`(0 of ${tasks.length})`));
    expect(f).toContain('no task matches "zzz"');
    expect(rows(f)).toEqual([]);
    p.stdin.write(KEY.enter);
    for (const left of ['zz', 'z', '']) await p.press('\u007F', (fr) => filterOf(fr) === left);
    await frameWith(p.lastFrame, `(${tasks.length} of ${tasks.length})`);
    expect(p.picked).toEqual([]);
  });

  it('Down on an empty list, then Backspace: a task is still selected and Enter picks it', async () => {
    const p = await picker();
    await p.press('zzz', (f) => f.includes(`(0 of ${tasks.length})`));
    await p.press(KEY.down, (f) => f.includes('no task matches'));
    for (const left of ['zz', 'z', '']) await p.press('\u007F', (fr) => filterOf(fr) === left);
    const f = await frameWith(p.lastFrame, `(${tasks.length} of ${tasks.length})`);
    // Regression (fixed): Down on an empty list sets the index to -1 (Math.min(shown.length - 1, …)); Backspace does
    // not reset it, so no row has the ❯ and Enter picks nothing until ↑ or a typed letter resets it.
    expect(rows(f).filter((r) => r.startsWith('❯'))).toHaveLength(1);
    p.stdin.write(KEY.enter);
    await until(() => p.picked.length === 1, 'onPick', 500);
  });

  // Regression (fixed): a chunk of several Backspaces (tmux `send-keys BSpace BSpace`) was not a Backspace key to
  // Ink, so it was appended to the filter as invisible characters and nothing matched.
  it.each([
    ['DEL', '\u007F\u007F\u007F'],
    ['BS', '\b\b\b'],
  ])('several Backspaces (%s) in one chunk each erase a character', async (_name, keys) => {
    const p = await picker();
    await p.press('hotelzzz', (f) => f.includes(`(0 of ${tasks.length})`));
    const f = await p.press(keys, (fr) => filterOf(fr) === 'hotel');
    expect(rows(f)).toEqual(['❯ Extend a hotel stay']);
    expect(f).toContain(`(1 of ${tasks.length})`);
  });

  it('typing and Enter in one chunk filter, then pick', async () => {
    const p = await picker();
    p.stdin.write('hotel\r');
    await until(() => p.picked.length === 1, 'onPick');
    expect(p.picked[0]!.task.id).toBe('travel-hotel-extend');
  });

  it('Backspace erases a whole emoji from the filter', async () => {
    const p = await picker();
    expect(filterOf(await p.press('ab😀', (f) => filterOf(f)?.startsWith('ab') === true && filterOf(f) !== 'ab'))).toBe('ab😀');
    // One Backspace takes the whole emoji (both UTF-16 halves): no lone surrogate is left behind.
    expect(filterOf(await p.press('\u007F', (f) => !filterOf(f)?.includes('😀')))).toBe('ab');
  });

  it('NO_COLOR: the filter shows its cursor as a bar', async () => {
    vi.stubEnv('NO_COLOR', '1');
    const p = await picker();
    expect(filterOf(await p.press('hot', (f) => filterOf(f)?.startsWith('hot') === true))).toBe('hot▏');
  });

  it.each([
    ['Esc', KEY.esc],
    ['Ctrl+C', KEY.ctrlC],
  ])('%s quits', async (_name, key) => {
    const p = await picker();
    p.stdin.write(key);
    await until(() => p.quits() === 1, 'onQuit');
    expect(p.picked).toEqual([]);
  });
});
