import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../../src/domain/task.js';
import { SetupScreen } from '../../../src/ui/screens/SetupScreen.js';
import { frameWith, inputRow, KEY, keyboard } from '../../helpers/ink.js';
import { paperLikeTask, tinyTask } from '../../helpers/tasks.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});
const dir = mkdtempSync(join(tmpdir(), 'synthagent-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('role setup', () => {
  function setup(task: Task) {
    const started: unknown[] = [];
    const inst = render(<SetupScreen task={task} models={{ agent: null, user: null, judge: null, tool: null }} onStart={(r) => started.push(r)} onBack={() => {}} />);
    mounted.push(inst.unmount);
    return { ...inst, ...keyboard(inst), started };
  }

  // Regression (fixed): ↓ and Enter in one chunk picked the row before ↓.
  it('↓ and Enter in one chunk pick the row ↓ moved to', async () => {
    const s = setup(paperLikeTask());
    await frameWith(s.lastFrame, 'Who plays the agent?');
    // human, script: ↓ is on script, so Enter asks for the script file (the stale row would start as human).
    const file = await s.press(`${KEY.down}${KEY.enter}`, (f) => f.includes('agent script file ❯'));
    expect(file).not.toContain('Who plays the user?');
  });

  it('a paper task: human tools and judge are offered, so it can be played with no model', async () => {
    const s = setup(paperLikeTask());
    await frameWith(s.lastFrame, 'Who plays the agent?');
    await s.press(KEY.enter, (f) => f.includes('Who plays the user?'));
    await s.press(KEY.enter, (f) => f.includes('simulated tools. Who answers them?'));
    expect(s.frame()).toMatch(/❯ human\s+you answer each new simulated call/);
    const judge = await s.press(KEY.enter, (f) => f.includes('judge items. Who judges them?'));
    // The question is wrapped, not cut: its keys show at the end (it was cut at 100 columns).
    expect(judge.replace(/[│\s]+/g, ' ')).toContain('Who judges them? (↑/↓, Enter; Esc back)');
    await s.press(KEY.enter, () => s.started.length === 1);
    expect(s.started[0]).toEqual({ agent: 'human', user: 'sim', people: { tools: true, judge: true } });
  });

  // Regression (fixed): a bad script path was reported only after the next screen, and not pre-filled on return.
  it('a bad script path is said at once, its path kept; going back and choosing script again shows it', async () => {
    const s = setup(tinyTask());
    await frameWith(s.lastFrame, 'Who plays the agent?');
    await s.press(`${KEY.down}${KEY.enter}`, (f) => f.includes('agent script file ❯'));
    const missing = join(dir, 'no-such-script.json');
    await s.type('agent script file', missing);
    const err = await s.press(KEY.enter, (f) => f.includes('no-such-script.json:'));
    expect(err).toContain('Who plays the agent?');
    await s.press(KEY.esc, (f) => f.includes('❯ script'));
    const back = await s.press(KEY.enter, (f) => f.includes('agent script file ❯'));
    expect(inputRow(back, 'agent script file')).toContain(missing.slice(-30));
    expect(s.started).toHaveLength(0);
  });
});
