import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../src/domain/recording.js';
import { scriptUser } from '../../src/roles/script-user.js';
import { TranscriptRow } from '../../src/ui/components/TranscriptRow.js';
import { ViewerScreen } from '../../src/ui/screens/ViewerScreen.js';
import { frameWhere, KEY, keyboard } from '../helpers/ink.js';
import { recordScript } from '../helpers/recordings.js';
import { exampleTask } from '../helpers/tasks.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

/** A session whose script user invents a card number at seq 2. */
let rec: Recording;
beforeAll(async () => {
  rec = await recordScript(exampleTask(), [{ say: 'What is your booking reference?' }, { finish: 'ok' }], scriptUser([{ say: "It's BK-4411, card 5555-0199." }], { kind: 'script' }));
});

function viewer(recording: Recording, annotations: unknown[] = []) {
  const inst = render(<ViewerScreen rec={recording} file="r1.json" onFork={() => {}} onQuit={() => {}} onAnnotate={(a) => annotations.push(a)} />);
  mounted.push(inst.unmount);
  return { ...inst, ...keyboard(inst) };
}

const row = (frame: string, seq: number): string => frame.split('\n').find((l) => new RegExp(`^│?\\s*[❯ ]\\s*${seq} `).test(l.replace(/^│\s?/, ''))) ?? '';

describe('the simulator audit in the viewer', () => {
  it('marks the flagged event ⚠ with its kind, and the inspector gives the detail', async () => {
    const v = viewer(rec);
    const f = await frameWhere(v.lastFrame, (x) => x.includes('step 1/'));
    expect(row(f, 2)).toContain('⚠ invented_value');
    expect(row(f, 1)).not.toContain('⚠');
    await v.press(KEY.right, (x) => x.includes('step 2/'));
    await v.press(KEY.right, (x) => x.includes('step 3/'));
    const inspect = await v.press(KEY.enter, (x) => x.includes('inspect event #2'));
    expect(inspect).toContain('remarks');
    expect(inspect).toMatch(/⚠ invented_value \(user\): states "5555-0199" \(an id\/code\)/);
  });

  it('a annotates the current event: ↑/↓ picks the kind, typing writes the note, Enter saves it', async () => {
    const saved: unknown[] = [];
    const v = viewer(rec, saved);
    await frameWhere(v.lastFrame, (x) => x.includes('step 1/'));
    await v.press(KEY.right, (x) => x.includes('step 2/'));
    await v.press('a', (x) => x.includes('annotate #1') && x.includes('⚠ human_flag'));
    await v.press(KEY.down, (x) => x.includes('⚠ unasked_reveal'));
    await v.press(KEY.up, (x) => x.includes('⚠ human_flag'));
    await v.press('asks twice', (x) => x.includes('note: asks twice'));
    const f = await v.press(KEY.enter, (x) => x.includes('annotated #1: ⚠ human_flag'));
    expect(saved).toEqual([{ seq: 1, kind: 'human_flag', note: 'asks twice' }]);
    expect(f).not.toContain('annotate #1 ·');
  });

  it('Esc cancels the form without saving; an annotation in the recording shows as ⚠ on its event', async () => {
    const saved: unknown[] = [];
    const v = viewer({ ...rec, annotations: [{ seq: 0, kind: 'human_flag', note: 'odd opening', by: 'ana' }] }, saved);
    const f = await frameWhere(v.lastFrame, (x) => x.includes('step 1/'));
    expect(row(f, 0)).toContain('⚠ human_flag');
    await v.press('a', (x) => x.includes('annotate #0'));
    await v.press(KEY.esc, (x) => !x.includes('annotate #0'));
    expect(saved).toEqual([]);
  });

  it('the playground transcript row carries the mark', () => {
    const inst = render(<TranscriptRow event={rec.events[2]!} width={80} flag="⚠ invented_value" />);
    mounted.push(inst.unmount);
    expect(inst.lastFrame()).toMatch(/It's BK-4411, card 5555-0199\..*⚠ invented_value/);
  });
});
