import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/domain/events.js';
import { applyEvent, initialState, type SessionState } from '../../../src/domain/session-state.js';
import { RubricPanel } from '../../../src/ui/components/RubricPanel.js';
import { frameWith } from '../../helpers/ink.js';
import { exampleTask } from '../../helpers/tasks.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

const task = exampleTask();
const opening: Event[] = [{ seq: 0, type: 'user_message', text: task.instruction, reveals: [] }];
const stateOf = (events: readonly Event[]): SessionState => events.reduce(applyEvent, initialState(task));

async function panel(state: SessionState, width = 80, maxRows?: number): Promise<string> {
  const inst = render(<RubricPanel state={state} width={width} maxRows={maxRows} />);
  mounted.push(inst.unmount);
  return frameWith(inst.lastFrame, 'rubric');
}

/** The icon in front of an item's line. */
const iconOf = (frame: string, description: string): string | undefined =>
  frame.split('\n').map((l) => l.replace(/^│\s*/, '')).find((l) => l.includes(description))?.slice(0, 1);

describe('RubricPanel', () => {
  it('starts with every item pending, score 0.00, live', async () => {
    const f = await panel(stateOf(opening));
    expect(f).toMatch(/rubric score 0\.00\s+\(live\)/);
    for (const root of task.rubric) expect(iconOf(f, root.description)).toBe('·');
    expect(f).toContain('⛔ Cancels the booking (no-cancel)');
  });

  it.each<[string, string, string, string]>([
    // item hit, its line, the icon after, the score after (subgoal weights 1+1+2+1, interactions 1+1)
    ['rebooked', 'Booking ends on UA14 with an aisle seat (rebooked)', '✓', '0.20'],
    ['looks-up', 'Looks the booking up (looks-up)', '✓', '0.10'],
    ['asks-seat', 'Asks for the seat preference (asks-seat)', '✓', '0.25'],
    ['no-cancel', 'Cancels the booking (no-cancel)', '✗', '0.00'],
  ])('a rubric_hit for %s turns "%s" to %s, the score to %s', async (item, description, icon, score) => {
    const kind = task.rubric.find((r) => r.id === item)!.kind;
    const before = await panel(stateOf(opening));
    expect(iconOf(before, description)).toBe('·');
    const after = await panel(stateOf([...opening, { seq: 1, type: 'rubric_hit', item, kind }]));
    expect(iconOf(after, description)).toBe(icon);
    expect(after).toContain(`score ${score}`);
    // The other items did not move.
    for (const root of task.rubric.filter((r) => r.id !== item)) expect(iconOf(after, root.description)).toBe('·');
  });

  it('a hit keeps a violation at score 0 whatever else was earned', async () => {
    const f = await panel(stateOf([...opening, { seq: 1, type: 'rubric_hit', item: 'rebooked', kind: 'subgoal' }, { seq: 2, type: 'rubric_hit', item: 'no-cancel', kind: 'forbidden' }]));
    expect(iconOf(f, 'Booking ends on UA14')).toBe('✓');
    expect(iconOf(f, 'Cancels the booking')).toBe('✗');
    expect(f).toContain('score 0.00');
  });

  it('at the end, pending items turn missed, and untouched forbidden items read "not violated", not ✓', async () => {
    const f = await panel(stateOf([...opening, { seq: 1, type: 'rubric_hit', item: 'looks-up', kind: 'subgoal' }, { seq: 2, type: 'end', reason: 'agent_finished' }]));
    expect(f).toMatch(/score 0\.10\s+FAILED/);
    expect(f).not.toContain('(live)');
    expect(iconOf(f, 'Looks the booking up')).toBe('✓');
    expect(iconOf(f, 'Asks for the seat preference')).toBe('○');
    expect(iconOf(f, 'Cancels the booking')).toBe('·');
    expect(f).toContain('· ⛔ not violated: Cancels the booking (no-cancel)');
    expect(f).not.toMatch(/✓ ⛔/);
  });

  it('a rubric of judge items only shows no score until they are judged (not a 1.00 nobody checked)', async () => {
    const judged = { ...task, rubric: [{ id: 'kind', kind: 'subgoal' as const, description: 'Is kind', check: { type: 'judge' as const, criterion: 'The agent is kind.' } }] };
    const frame = await panel([{ seq: 0, type: 'user_message', text: task.instruction, reveals: [] } as Event].reduce(applyEvent, initialState(judged)));
    expect(frame).toContain('score — (judge items: decided at the end)');
    expect(frame).not.toContain('score 1.00');
    // In a live session it says who decides them (it said "a judge model" when a person judged).
    const said = async (judgedBy: 'person' | 'model' | null): Promise<string> => {
      const inst = render(<RubricPanel state={[{ seq: 0, type: 'user_message', text: task.instruction, reveals: [] } as Event].reduce(applyEvent, initialState(judged))} width={100} judgedBy={judgedBy} />);
      mounted.push(inst.unmount);
      return frameWith(inst.lastFrame, 'rubric');
    };
    expect(await said('person')).toContain('score — (you judge at the end)');
    expect(await said('model')).toContain('score — (a judge model decides at the end)');
    expect(await said(null)).toContain('score — (nobody judges: --judge human or --judge-model M)');
  });

  it('a violated forbidden item says so', async () => {
    const f = await panel(stateOf([...opening, { seq: 1, type: 'rubric_hit', item: 'no-cancel', kind: 'forbidden' }]));
    expect(f).toContain('✗ ⛔ violated: Cancels the booking (no-cancel)');
  });

  it('asOf replaces "(live)" when the state is not the live session (the viewer)', async () => {
    const inst = render(<RubricPanel state={stateOf(opening)} width={80} asOf="as of step 1" />);
    mounted.push(inst.unmount);
    const f = await frameWith(inst.lastFrame, 'rubric');
    expect(f).toMatch(/rubric score 0\.00\s+\(as of step 1\)/);
    expect(f).not.toContain('(live)');
  });

  it('with maxRows it shows what fits and counts the rest', async () => {
    const f = await panel(stateOf(opening), 80, 6);
    expect(f).toContain('… 4 more');
    expect(f).toContain('Asks for the booking reference');
    expect(f).not.toContain('Picks a seat before asking');
  });

  it('cut, it shows a violated forbidden item first, though it comes seventh in the rubric', async () => {
    const f = await panel(stateOf([...opening, { seq: 1, type: 'rubric_hit', item: 'looks-up', kind: 'subgoal' }, { seq: 2, type: 'rubric_hit', item: 'no-cancel', kind: 'forbidden' }]), 80, 6);
    const items = f.split('\n').filter((l) => /^│ [·✓○✗?] /.test(l));
    expect(items).toHaveLength(5);
    expect(items[0]).toContain('✗ ⛔ violated: Cancels the booking');
    // The satisfied item goes last, so it is the one left out, and the count says so.
    expect(f).not.toContain('Looks the booking up');
    expect(f).toContain('… 4 more: 3 pending, 1 satisfied');
  });

  it('cut at the end: violated, then missed, then satisfied, then not violated', async () => {
    const events: Event[] = [
      ...opening,
      { seq: 1, type: 'rubric_hit', item: 'looks-up', kind: 'subgoal' },
      { seq: 2, type: 'rubric_hit', item: 'no-guess-seat', kind: 'forbidden' },
      { seq: 3, type: 'end', reason: 'agent_finished' },
    ];
    const f = await panel(stateOf(events), 80, 8);
    const icons = f.split('\n').map((l) => /^│ ([·✓○✗?]) /.exec(l)?.[1]).filter(Boolean);
    expect(icons).toEqual(['✗', '○', '○', '○', '○', '○', '✓']);
    expect(f).toContain('… 2 more: 2 not violated');
  });
});
