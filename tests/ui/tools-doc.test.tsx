import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionScreen } from '../../src/ui/screens/SessionScreen.js';
import { frameWith, humanAgentController, inputRow, KEY, keyboard } from '../helpers/ink.js';
import { exampleTask } from '../helpers/tasks.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

function session() {
  const task = exampleTask();
  // Many tools with long names: the card's tool list must wrap, not be cut.
  const extra = Array.from({ length: 8 }, (_v, i) => ({ ...task.tools[0]!, name: `lookup_reservation_details_${i}` }));
  const controller = humanAgentController({ ...task, tools: [...task.tools, ...extra] });
  const inst = render(<SessionScreen controller={controller} player="agent" others={{ agent: 'human', user: 'sim' }} onEnd={() => {}} />);
  mounted.push(() => (inst.unmount(), controller.abort()));
  const k = keyboard(inst);
  return { ...inst, ...k, send: async (line: string, ok: (f: string) => boolean) => (await k.type('agent', line), k.press(KEY.enter, ok)) };
}

describe('tools you can read', () => {
  it('the card lists every tool, wrapped; /call TOOL alone prints its schema and keeps the line', async () => {
    const s = session();
    const card = await frameWith(s.lastFrame, 'agent ❯');
    expect(card.replace(/[│\s]+/g, ' ')).toContain('lookup_reservation_details_7');
    const doc = await s.send('/call rebook', (f) => f.includes('/call rebook {json}'));
    expect(doc).toMatch(/seat \(string, one of aisle\|window\|middle, required\)/);
    expect(doc).toMatch(/booking_id \(string, required\)/);
    expect(inputRow(doc, 'agent')).toBe('agent ❯ /call rebook');
  });

  it('a validation error is shown whole, never cut', async () => {
    const s = session();
    await frameWith(s.lastFrame, 'agent ❯');
    const err = await s.send('/call rebook {"booking_id": 5, "flight_id": 6, "seat": "roof"}', (f) => f.includes('invalid arguments for rebook'));
    expect(err).not.toMatch(/more chars/);
    expect(err.replace(/\s+/g, ' ')).toMatch(/seat: .*aisle/);
  });

  it('/tools shows the highlighted tool whole; ↓ and Enter in one chunk open the tool ↓ moved to', async () => {
    const s = session();
    await frameWith(s.lastFrame, 'agent ❯');
    const picker = await s.send('/tools', (f) => f.includes('pick a tool'));
    expect(picker).toMatch(/get_booking: /);
    expect(picker).toMatch(/booking_id \(string, required\)/);
    // Regression (fixed): ↓+Enter in one chunk opened the row before ↓ (get_booking).
    const form = await s.press(`${KEY.down}${KEY.enter}`, (f) => f.includes('parameter 1 of'));
    expect(form).toContain('search_flights parameter 1 of 3');
  });
});
