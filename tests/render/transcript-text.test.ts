import { describe, expect, it } from 'vitest';
import type { Event, NewEvent } from '../../src/domain/events.js';
import { eventLine, rubricTable, transcriptLines } from '../../src/render/transcript-text.js';
import { agent, call, fail, ok, reduce, sequence, user } from '../helpers/events.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

/** A painter that shows where each colour goes. */
const tagged = (color: string, text: string): string => `<${color}>${text}</${color}>`;
const plain = (_color: string, text: string): string => text;
const at = (e: NewEvent, seq = 7): Event => ({ ...e, seq }) as Event;

describe('eventLine', () => {
  it.each<[NewEvent, string]>([
    [user('Hi there', []), '  7 user   Hi there'],
    [user('It is BK-4411', ['booking_id']), '  7 user   It is BK-4411  [reveals booking_id]'],
    [agent('Which booking?', ['booking_id']), '  7 agent  Which booking?  [asks booking_id]'],
    [agent('Hello.'), '  7 agent  Hello.'],
    [call('c1', 'get_booking', { booking_id: 'BK-4411' }), '  7 call   get_booking {"booking_id":"BK-4411"}'],
    [ok('c1', { seat: '12C' }), '  7 ok     {"seat":"12C"} (query)'],
    [fail('c1', 'not found'), '  7 error  "not found" (default)'],
    [ok('c1', undefined), '  7 ok     null (query)'],
    [{ type: 'rubric_hit', item: 'asks', kind: 'interaction' }, '  7 hit    asks (interaction)'],
    [{ type: 'end', reason: 'max_turns' }, '  7 end    max_turns'],
    [{ type: 'note', level: 'warn', text: 'slow model' }, '  7 note   slow model'],
  ])('%j', (event, line) => expect(eventLine(at(event), plain)).toBe(line));

  it.each<[NewEvent, string]>([
    [fail('c1'), 'red'],
    [ok('c1'), 'blue'],
    [{ type: 'rubric_hit', item: 'x', kind: 'forbidden' }, 'red'],
    [{ type: 'rubric_hit', item: 'x', kind: 'subgoal' }, 'green'],
    [{ type: 'note', level: 'error', text: 'x' }, 'red'],
    [{ type: 'note', level: 'info', text: 'x' }, 'yellow'],
  ])('colours %j %s', (event, color) => expect(eventLine(at(event), tagged)).toContain(`<${color}>`));

  it('with a brief detail, long arguments are cut and say how to see them', () => {
    const long = { text: 'x'.repeat(300) };
    const full = eventLine(at(call('c1', 't', long)), plain);
    expect(full).toContain('x'.repeat(300));
    const cut = eventLine(at(call('c1', 't', long)), plain, { brief: true, how: 'show --full' });
    expect(cut).toMatch(/…\s\(\d+ more chars: show --full\)$/);
    expect(cut.length).toBeLessThan(200);
  });

  it('transcriptLines: one line per event, in order; none for no events', () => {
    const events = sequence([user('a'), agent('b')]);
    expect(transcriptLines(events, plain)).toEqual(['  0 user   a', '  1 agent  b']);
    expect(transcriptLines([], plain)).toEqual([]);
  });
});

describe('rubricTable', () => {
  it('a row per item with its status, then the score and reward lines', () => {
    const task = exampleTask();
    const lines = rubricTable(reduce(task, [user(task.instruction)]), plain);
    expect(lines[0]).toMatch(/^item\s+kind\s+status\s+description$/);
    expect(lines).toHaveLength(1 + task.rubric.length + 3);
    expect(lines.find((l) => l.startsWith('no-guess-booking'))).toMatch(/forbidden\s+pending/) // decided at the end;
    expect(lines.at(-2)).toMatch(/^score 0\.\d\d  FAILED  subgoals 0%  interactions 0%/);
    expect(lines.at(-1)).toMatch(/^reward /);
  });

  it('says a weight other than 1, violated and unjudged items, and why a score of 1 did not pass', () => {
    const task = tinyTask({
      rubric: [
        { id: 'said-hi', kind: 'subgoal', description: 'Greets', weight: 2, check: { type: 'said', pattern: 'hello', role: 'agent' } },
        { id: 'polite', kind: 'subgoal', description: 'Is polite', check: { type: 'judge', criterion: 'polite' } },
        { id: 'no-delete', kind: 'forbidden', description: 'Deletes', check: { type: 'tool_called', tool: 'delete_account' } },
      ],
    });
    const violated = rubricTable(reduce(task, [user('x'), call('c', 'delete_account', {}), ok('c'), { type: 'rubric_hit', item: 'no-delete', kind: 'forbidden', at: 1 }, { type: 'end', reason: 'agent_finished' }]), plain);
    expect(violated.find((l) => l.startsWith('said-hi'))).toContain('Greets (×2)');
    expect(violated.at(-2)).toContain('violated: no-delete');
    expect(violated.at(-2)).toContain('unjudged: polite');

    const events: NewEvent[] = [user('x'), agent('hello'), { type: 'rubric_hit', item: 'said-hi', kind: 'subgoal', at: 1 }];
    // Reaching a limit still passes; a session cut short by an error or Ctrl+C does not, and says why.
    expect(rubricTable(reduce(task, [...events, { type: 'end', reason: 'max_turns' }]), plain).at(-2)).toMatch(/^score 1\.00  PASSED /);
    expect(rubricTable(reduce(task, [...events, { type: 'end', reason: 'aborted' }]), plain).at(-2)).toMatch(/^score 1\.00  FAILED .*\(not passed: the session ended aborted\)/);
  });
});
