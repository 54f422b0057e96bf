import { describe, expect, it } from 'vitest';
import type { Event } from '../../src/domain/events.js';
import { defaultInspectSeq, inspectLines } from '../../src/ui/inspect-lines.js';
import { exampleTask } from '../helpers/tasks.js';

const task = exampleTask();
const long = Array.from({ length: 40 }, (_v, i) => ({ id: `UA${100 + i}`, departs: `${10 + (i % 12)}:45`, note: 'x'.repeat(30) }));
const events: Event[] = [
  { seq: 0, type: 'user_message', text: task.instruction, reveals: [] },
  { seq: 1, type: 'agent_message', text: 'What is your booking reference?', question: true, asks: ['booking_id'] },
  { seq: 2, type: 'user_message', text: 'It is BK-4411.', reveals: ['booking_id'] },
  { seq: 3, type: 'tool_call', callId: 'call-1', tool: 'search_flights', args: { origin: 'SFO', destination: 'DEN', date: '2026-12-03' } },
  { seq: 4, type: 'tool_result', callId: 'call-1', ok: true, result: long, via: 'query', world: { ...(task.world ?? {}), searched: true } },
  { seq: 5, type: 'rubric_hit', item: 'searches', kind: 'subgoal', at: 4 },
  { seq: 6, type: 'rubric_hit', item: 'asks-booking', kind: 'interaction', at: 2 },
];
const text = (seq: number, width = 80): string[] => inspectLines({ events, task, seq, width }).map((l) => l.text);

describe('inspectLines', () => {
  it('opens on the latest tool result by default', () => {
    expect(defaultInspectSeq(events)).toBe(4);
    expect(defaultInspectSeq(events.slice(0, 2))).toBe(1);
    expect(defaultInspectSeq([])).toBeNull();
  });

  it('a tool result: the call and its arguments, the whole result pretty-printed, via, the world after with what changed, and the hits', () => {
    const lines = text(4);
    const all = lines.join('\n');
    expect(lines[0]).toBe('#4 ← ok · tool_result');
    expect(all).toContain('call #3: search_flights (call-1)');
    expect(all).toContain('"origin": "SFO"');
    expect(all).toContain('result #4 · via query');
    // Every element of the long result is there, not cut.
    for (const f of long) expect(all).toContain(`"id": "${f.id}"`);
    expect(all).not.toContain('more chars');
    expect(all).toMatch(/world after #4 \(1 change\)/);
    expect(all).toContain('Δ searched: (none) → true');
    expect(all).toContain('✓ searches (subgoal)');
    for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(80);
  });

  it('the call shows the same pair, and a user message the facts it revealed and the item it earned', () => {
    expect(text(3).join('\n')).toContain('result #4 · via query');
    const said = text(2).join('\n');
    expect(said).toContain('It is BK-4411.');
    expect(said).toMatch(/🔓 booking_id = "BK-4411"/);
    expect(said).toContain('✓ asks-booking (interaction)');
    expect(text(1).join('\n')).toMatch(/asks for\n\s+booking_id:/);
  });

  it('wraps long JSON strings to the width, keeping their indent', () => {
    const lines = text(4, 40);
    for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(40);
    expect(lines.some((l) => /^ {6}"note": "x+/.test(l))).toBe(true);
  });

  it('an event that is not there says so', () => {
    expect(text(99)[0]).toMatch(/no event #99/);
  });
});
