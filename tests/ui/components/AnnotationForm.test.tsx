import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_KIND_NAMES } from '../../../src/domain/audit-kinds.js';
import { ANNOTATION_KINDS, AnnotationForm } from '../../../src/ui/components/AnnotationForm.js';
import { frameWith, KEY, keyboard, until } from '../../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

function form(width = 80) {
  const done: ({ kind: string; note: string } | null)[] = [];
  const inst = render(<AnnotationForm seq={7} width={width} onDone={(a) => void done.push(a)} />);
  mounted.push(inst.unmount);
  return { ...inst, ...keyboard(inst), done };
}

describe('ANNOTATION_KINDS', () => {
  it('a person\'s own flag first, then every audit kind once', () => {
    expect(ANNOTATION_KINDS[0]).toBe('human_flag');
    expect([...ANNOTATION_KINDS].sort()).toEqual([...AUDIT_KIND_NAMES].sort());
  });
});

describe('AnnotationForm', () => {
  it('Enter saves the kind shown and the note typed, trimmed', async () => {
    const f = form();
    await frameWith(f.lastFrame, 'annotate #7', '⚠ human_flag');
    await f.press(`  ${'asks twice'} `, (fr) => fr.includes('note:   asks twice'));
    await f.press(KEY.enter, () => f.done.length === 1);
    expect(f.done).toEqual([{ kind: 'human_flag', note: 'asks twice' }]);
  });

  it('↓ and ↑ (and Tab) change the kind, round the list', async () => {
    const f = form();
    await frameWith(f.lastFrame, '⚠ human_flag');
    await f.press(KEY.down, (fr) => fr.includes(`⚠ ${ANNOTATION_KINDS[1]}`));
    await f.press('\t', (fr) => fr.includes(`⚠ ${ANNOTATION_KINDS[2]}`));
    await f.press(KEY.up, (fr) => fr.includes(`⚠ ${ANNOTATION_KINDS[1]}`));
    await f.press(KEY.up, (fr) => fr.includes('⚠ human_flag'));
    await f.press(KEY.up, (fr) => fr.includes(`⚠ ${ANNOTATION_KINDS.at(-1)}`));
    await f.press(KEY.enter, () => f.done.length === 1);
    expect(f.done[0]).toEqual({ kind: ANNOTATION_KINDS.at(-1), note: '' });
  });

  it('Backspace deletes a whole character (an emoji too); a newline typed is a space', async () => {
    const f = form();
    await frameWith(f.lastFrame, 'note:');
    await f.press('ok🙂', (fr) => fr.includes('note: ok🙂'));
    await f.press('\u007f', (fr) => fr.includes('note: ok') && !fr.includes('🙂'));
    await f.press('a\tb', (fr) => fr.includes('note: oka b'));
    await f.press(KEY.enter, () => f.done.length === 1);
    expect(f.done[0]?.note).toBe('oka b');
  });

  it('Esc cancels: nothing saved', async () => {
    const f = form();
    await frameWith(f.lastFrame, 'annotate #7');
    await f.press('x', (fr) => fr.includes('note: x'));
    f.stdin.write(KEY.esc);
    await until(() => f.done.length === 1, 'onDone');
    expect(f.done).toEqual([null]);
  });

  it('a long note shows its end in the width, all of it is saved', async () => {
    const f = form(30);
    const note = 'abcdefghijklmnopqrstuvwxyz0123456789';
    await frameWith(f.lastFrame, 'note:');
    await f.press(note, (fr) => fr.includes('…') && fr.includes('789'));
    expect(f.frame()).not.toContain('abc');
    await f.press(KEY.enter, () => f.done.length === 1);
    expect(f.done[0]?.note).toBe(note);
  });
});
