import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/domain/events.js';
import { RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import { recordingMarkdown } from '../../src/render/markdown.js';
import { agent, call, fail, ok, reduce, sequence, user } from '../helpers/events.js';
import { exampleTask } from '../helpers/tasks.js';

const task = exampleTask();
const events: NewEvent[] = [
  user('Hi | there\nsecond line'),
  agent('Which booking?', ['booking_id']),
  user('BK-4411', ['booking_id']),
  { type: 'rubric_hit', item: 'asks-booking', kind: 'interaction', at: 2 },
  call('c1', 'get_booking', { booking_id: 'BK-4411' }),
  ok('c1', { flight: 'UA12' }),
  call('c2', 'cancel_booking', { booking_id: 'x'.repeat(300) }),
  fail('c2', 'refused'),
  { type: 'note', level: 'warn', text: 'slow' },
  { type: 'end', reason: 'agent_finished' },
];
const rec = (over: Partial<Recording> = {}): Recording => ({
  format: RECORDING_FORMAT,
  id: 'rec-1',
  createdAt: '2026-12-05T00:00:00.000Z',
  task,
  roles: { agent: { kind: 'model', model: 'gpt-x' }, user: { kind: 'mcp', client: 'my-agent 1.0' } },
  events: sequence(events),
  result: null,
  complete: true,
  ...over,
});
const md = (r: Recording = rec(), detail?: Parameters<typeof recordingMarkdown>[2]): string[] => recordingMarkdown(r, reduce(task, events), detail).split('\n');

describe('recordingMarkdown', () => {
  it('heads with the task, the recording, who played, the score and the rewards', () => {
    const lines = md();
    expect(lines[0]).toBe(`# ${task.title} (\`${task.id}\`)`);
    expect(lines).toContain('- recording `rec-1`, 2026-12-05T00:00:00.000Z');
    expect(lines).toContain('- agent: model (gpt-x) · user: mcp (my-agent 1.0)');
    expect(lines.find((l) => l.startsWith('- score'))).toMatch(/^- score \*\*0\.\d\d\*\* — failed$/);
    expect(lines.some((l) => l.startsWith('- rewards: '))).toBe(true);
  });

  it('one numbered line per event; pipes and newlines in text cannot break the table or list', () => {
    const lines = md();
    expect(lines).toContain('0. **user** · Hi \\| there second line');
    expect(lines).toContain('1. **agent** · Which booking? — *asks booking_id*');
    expect(lines).toContain('2. **user** · BK-4411 — 🔓 *reveals booking_id*');
    expect(lines).toContain('3. ✅ **hit** `asks-booking` (interaction)');
    expect(lines).toContain('4. 🔧 `get_booking({"booking_id":"BK-4411"})`');
    expect(lines).toContain('5. ↳ ok *(query)* `{"flight":"UA12"}`');
    expect(lines).toContain('7. ↳ **error** *(default)* `"refused"`');
    expect(lines).toContain('8. 📝 *warn: slow*');
    expect(lines).toContain('9. ⏹ **end** · agent_finished');
  });

  it('arguments whole by default, cut with --brief saying how to see them', () => {
    expect(md().find((l) => l.startsWith('6. '))).toContain('x'.repeat(300));
    const cut = md(rec(), { brief: true, how: 'show --format md' }).find((l) => l.startsWith('6. '))!;
    expect(cut).not.toContain('x'.repeat(300));
    expect(cut).toMatch(/more chars: show --format md\)/);
  });

  it('a rubric table row per item, and the end of the file is a newline', () => {
    const text = recordingMarkdown(rec(), reduce(task, events));
    expect(text.endsWith('|\n')).toBe(true);
    const rows = text.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(task.rubric.length);
    expect(rows.find((r) => r.startsWith('| `asks-booking`'))).toMatch(/\| interaction \| satisfied \|/);
  });

  it.each<[string, Partial<Recording>, string | null]>([
    ['incomplete', { complete: false }, '- recording `rec-1`, 2026-12-05T00:00:00.000Z — **incomplete**'],
    ['a fork', { parent: { id: 'p-1', at: 4 } }, '- forked from `p-1` at seq 4'],
    ['annotated', { annotations: [{ seq: 2, kind: 'human_flag', note: '', by: 'ann' }] }, '- #2 ⚠ **human_flag** by ann: (no note)'],
  ])('%s', (_name, over, line) => expect(md(rec(over))).toContain(line));

  it('no annotations: no Annotations section; no parent: no fork line', () => {
    const lines = md();
    expect(lines).not.toContain('## Annotations');
    expect(lines.some((l) => l.startsWith('- forked from'))).toBe(false);
  });
});
