import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../../src/domain/task.js';
import { SessionScreen } from '../../../src/ui/screens/SessionScreen.js';
import { ViewerScreen } from '../../../src/ui/screens/ViewerScreen.js';
import type { SessionController } from '../../../src/ui/session-controller.js';
import { RECORDING_FORMAT } from '../../../src/domain/recording.js';
import { humanAgentController, inputRow, KEY, keyboard, frameWith } from '../../helpers/ink.js';
import { exampleTask } from '../../helpers/tasks.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

/** The example task with a tool that returns 60 flights: far more than the transcript shows. */
function longTask(): Task {
  const task = exampleTask();
  const flights = Array.from({ length: 60 }, (_v, i) => ({ id: `ZZ${100 + i}`, departs: '09:15', gate: `G${i}` }));
  return { ...task, tools: [...task.tools, { name: 'all_flights', description: 'Every flight today.', parameters: { type: 'object', properties: {} }, mock: { default: { result: flights } } }] };
}

function session(controller: SessionController) {
  const inst = render(<SessionScreen controller={controller} player="agent" others={{ agent: 'human', user: 'sim' }} onEnd={() => {}} />);
  mounted.push(() => {
    inst.unmount();
    controller.abort();
  });
  const keys = keyboard(inst);
  return { ...inst, ...keys, send: async (line: string, ok: (f: string) => boolean) => (await keys.type('agent', line), keys.press(KEY.enter, ok)) };
}

describe('the inspector in the live session', () => {
  it('/inspect opens the latest tool result whole; it scrolls to its last element; Esc comes back with the typed text kept', async () => {
    const s = session(humanAgentController(longTask()));
    await frameWith(s.lastFrame, 'agent ❯');
    const cut = await s.send('/call all_flights {}', (f) => f.includes('more chars · /inspect 2'));
    expect(cut).not.toContain('ZZ159');
    await s.type('agent', '/inspect');
    const open = await s.press(KEY.enter, (f) => f.includes('inspect event #2'));
    expect(open).toContain('call #1: all_flights');
    expect(open).toContain('result #2 · via default');
    expect(open).toMatch(/↓ \d+ more lines/);
    expect(inputRow(open, 'agent')).toBe(''); // full screen: the input line is hidden
    // PgDn pages through the whole result to its last element, then the world after the call.
    let page = open;
    for (let i = 0; i < 40 && !page.includes('"id": "ZZ159"'); i++) {
      const at = /lines (\d+)–/.exec(page)![1];
      page = await s.press(KEY.pageDown, (f) => /lines (\d+)–/.exec(f)?.[1] !== at);
    }
    expect(page).toContain('"gate": "G59"');
    const end = await s.press(KEY.end, (f) => f.includes('rubric items it hit: none'));
    const back = await s.press(KEY.esc, (f) => inputRow(f, 'agent') !== '');
    expect(back).not.toContain('inspect event');
    expect(s.frame()).not.toContain('End the session now?');
  });

  it('keeps a half-typed line while inspecting, and /inspect SEQ of a missing event is an error that keeps the line', async () => {
    const s = session(humanAgentController(longTask()));
    await frameWith(s.lastFrame, 'agent ❯');
    await s.type('agent', '/inspect 42');
    const err = await s.press(KEY.enter, (f) => f.includes('no event #42'));
    expect(inputRow(err, 'agent')).toBe('agent ❯ /inspect 42');
    s.stdin.write('\u0015');
    await s.type('agent', 'Which seat');
    const picking = await s.press('\u001B[1;5A', (f) => f.includes('inspect ❯ #0'));
    expect(picking).toContain('Enter opens it full screen');
    const open = await s.press(KEY.enter, (f) => f.includes('inspect event #0'));
    expect(open).toContain('the opening instruction');
    const back = await s.press(KEY.esc, (f) => inputRow(f, 'agent') !== '');
    expect(inputRow(back, 'agent')).toBe('agent ❯ Which seat');
  });
});

describe('the inspector in the viewer', () => {
  it('Enter opens the current step whole, ←/→ move between events, Esc returns to the step shown last', async () => {
    const task = longTask();
    const events = [
      { seq: 0, type: 'user_message' as const, text: task.instruction, reveals: [] },
      { seq: 1, type: 'tool_call' as const, callId: 'c1', tool: 'all_flights', args: {} },
      { seq: 2, type: 'tool_result' as const, callId: 'c1', ok: true, result: (task.tools.at(-1)!.mock.default as { result: unknown }).result, via: 'default' as const },
      { seq: 3, type: 'end' as const, reason: 'aborted' as const },
    ];
    const rec = { format: RECORDING_FORMAT, id: 'r', createdAt: '2026-01-01T00:00:00.000Z', task, roles: { agent: { kind: 'human' }, user: { kind: 'sim' } }, events, result: null, complete: false } as never;
    const inst = render(<ViewerScreen rec={rec} file="r.json" onFork={() => {}} onQuit={() => {}} />);
    mounted.push(inst.unmount);
    const k = keyboard(inst);
    await frameWith(inst.lastFrame, 'step 1/4');
    await k.press(KEY.right, (f) => f.includes('step 2/4'));
    const open = await k.press(KEY.enter, (f) => f.includes('inspect event #1'));
    expect(open).toContain('"id": "ZZ100"');
    await k.press(KEY.right, (f) => f.includes('inspect event #2'));
    const back = await k.press(KEY.esc, (f) => f.includes('step 3/4'));
    expect(back).toContain('Enter inspect');
  });
});
