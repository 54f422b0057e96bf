import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/domain/events.js';
import { TOOL_ROW_LINES, TranscriptRow } from '../../../src/ui/components/TranscriptRow.js';
import { frameWith } from '../../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

async function row(event: Event, width: number, ready: string): Promise<string[]> {
  const inst = render(<TranscriptRow event={event} width={width} />);
  mounted.push(inst.unmount);
  const frame = await frameWith(inst.lastFrame, ready);
  return frame.split('\n').map((l) => l.trimEnd());
}

/** The text column of a tool row (after the indent and the 11-wide label), lines joined. */
const textOf = (lines: string[]): string => lines.map((l) => l.slice(13)).join('');

const flights = [
  { id: 'UA14', origin: 'SFO', destination: 'DEN', date: '2026-12-03', departs: '11:45', status: 'scheduled' },
  { id: 'UA16', origin: 'SFO', destination: 'DEN', date: '2026-12-03', departs: '17:20', status: 'scheduled' },
];
const result = (value: unknown): Event => ({ seq: 8, type: 'tool_result', callId: 'c1', ok: true, result: value, via: 'query' });

describe('TranscriptRow', () => {
  it('at 80 columns a tool result wraps over lines: every departure time is there, nothing is cut', async () => {
    const lines = await row(result(flights), 80, '← ok');
    expect(lines[0]).toMatch(/^ {2}← ok {7}\(query\) \[\{"id":"UA14"/);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    const text = textOf(lines);
    expect(text).toContain('"departs":"11:45"');
    expect(text).toContain('"departs":"17:20"');
    expect(text.replace(/ /g, '')).toBe(`(query)${JSON.stringify(flights)}`);
    expect(text).not.toContain('…');
  });

  it(`a result longer than ${TOOL_ROW_LINES} lines is cut there, the last line saying how many characters are left`, async () => {
    const many = Array.from({ length: 30 }, (_v, i) => ({ ...flights[0], id: `UA${100 + i}` }));
    const json = `(query) ${JSON.stringify(many)}`;
    const lines = (await row(result(many), 80, 'more chars')).filter((l) => l.trim());
    expect(lines).toHaveLength(TOOL_ROW_LINES);
    // The cut says how to see the rest: /inspect with this row's seq.
    const m = /… \((\d+) more chars · \/inspect 8\)$/.exec(lines.at(-1)!);
    expect(m, lines.at(-1)).not.toBeNull();
    const shown = textOf(lines).replace(/… \(\d+ more chars · \/inspect 8\)$/, '');
    // Compact JSON breaks after commas, so no character is lost at a break: shown + left = the whole result.
    expect(json.startsWith(shown)).toBe(true);
    expect(shown.length + Number(m![1])).toBe(json.length);
  });

  it('a tool call with long arguments wraps too, and a message still wraps as text', async () => {
    const args = { booking_id: 'BK-4411', note: 'the customer would like an aisle seat near the front of the cabin, please' };
    const call = await row({ seq: 4, type: 'tool_call', callId: 'c1', tool: 'rebook', args }, 60, '→ call');
    expect(textOf(call).replace(/ /g, '')).toBe(`rebook${JSON.stringify(args)}`.replace(/ /g, ''));
    const said = await row({ seq: 5, type: 'agent_message', text: 'word '.repeat(30).trim(), question: false, asks: [] }, 60, 'agent');
    expect(said.length).toBeGreaterThan(1);
  });
});

describe('TranscriptRow, a message of several lines', () => {
  it('keeps its blank lines between paragraphs, and the mark follows the last words, not the blank lines after them', async () => {
    const text = 'Sure, here it is:\r\n\r\nBK-4411\t(booking)\n\n\n';
    const lines = await row({ seq: 2, type: 'user_message', text, reveals: ['booking_id'] }, 60, 'reveals');
    expect(lines).toEqual(['user   Sure, here it is:', '', '       BK-4411  (booking)  🔓 reveals booking_id']);
  });

  it('a tool row stays packed: line breaks in an error are spaces', async () => {
    const lines = await row({ seq: 9, type: 'tool_result', callId: 'c1', ok: false, error: 'booking_id:\n\n  expected a string', via: 'invalid' }, 60, '← error');
    expect(lines).toEqual(['  ← error    (invalid) booking_id: expected a string']);
  });

  // Regression (fixed): Ink wrapped messages keeping the space it broke at, so a wrapped line started one column right.
  it('every wrapped line of a message starts under the first, in the text column', async () => {
    // Two spaces after a full stop, and the reveals mark (which Ink used to wrap with its leading spaces).
    const text = 'My booking is BK-4411 and I fly tomorrow.  I would like an aisle seat near the front.';
    for (const width of [34, 40, 45, 52, 60]) {
      const lines = (await row({ seq: 1, type: 'user_message', text, reveals: ['booking_id'] }, width, 'user')).filter((l) => l.trim());
      expect(lines.length).toBeGreaterThan(1);
      for (const l of lines.slice(1)) expect(l, `${width}: ${lines.join('|')}`).toMatch(/^ {7}\S/);
      expect(lines.at(-1)).toMatch(/🔓 reveals booking_id$/);
    }
  });
});
