import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RunCaches } from '../../src/adapters/run-caches.js';
import type { Task } from '../../src/domain/task.js';
import { simUser } from '../../src/roles/sim-user.js';
import { EndScreen } from '../../src/ui/screens/EndScreen.js';
import { SessionScreen } from '../../src/ui/screens/SessionScreen.js';
import { SessionController, type SessionSnapshot } from '../../src/ui/session-controller.js';
import { frameWith, inputRow, KEY, keyboard, until } from '../helpers/ink.js';
import { paperLikeTask, tinyTask } from '../helpers/tasks.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});
const dir = mkdtempSync(join(tmpdir(), 'synthagent-people-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function play(task: Task, people: { tools?: boolean; judge?: boolean }) {
  const file = join(dir, `${task.id}.json`);
  writeFileSync(file, JSON.stringify(task));
  const controller = new SessionController({ loaded: { task, file, source: { file } }, agent: { kind: 'human' }, user: { kind: 'given', role: simUser() }, people }, { caches: new RunCaches() });
  const ended: SessionSnapshot[] = [];
  const inst = render(<SessionScreen controller={controller} player="agent" others={{ agent: 'human', user: 'sim' }} onEnd={(s) => ended.push(s)} />);
  mounted.push(() => {
    inst.unmount();
    controller.abort();
  });
  const k = keyboard(inst);
  return { ...inst, ...k, controller, ended, file, send: async (prompt: string, line: string, ok: (f: string) => boolean) => (await k.type(prompt, line), k.press(KEY.enter, ok)) };
}

describe('a person plays the tool simulator and the judge', () => {
  it('answers a simulated call in a form (checked against outputs, cached), then judges each item; the next run needs no one', async () => {
    const task = paperLikeTask();
    const s = play(task, { tools: true, judge: true });
    await frameWith(s.lastFrame, 'agent ❯', 'rubric score — (you judge at the end)');
    const form = await s.send('agent', '/call StatsAPI {"player":"Simons"}', (f) => f.includes('you are the tool: answer StatsAPI'));
    expect(form).toContain('StatsAPI({"player":"Simons"})');
    expect(form).toContain('Season statistics of a player.');
    expect(form).toContain('"required": [');
    // The transcript can be read before answering (/inspect was refused as "not JSON"); Esc is back at the form.
    await s.send('result', '/inspect 0', (f) => f.includes('inspect event #0'));
    await s.press(KEY.esc, (f) => f.includes('you are the tool: answer StatsAPI'));
    await s.send('result', '/inspect 99', (f) => f.includes('no event #99'));
    s.stdin.write('\u0015');
    // A result that does not match outputs is refused, whole, and stays in the line to fix.
    const bad = await s.send('result', '{"pts": 20}', (f) => f.includes('result does not match outputs'));
    expect(inputRow(bad, 'result')).toBe('result ❯ {"pts": 20}');
    s.stdin.write('\u0015');
    const done = await s.send('result', '{"points": 24.5}', (f) => f.includes('← ok') && !f.includes('you are the tool'));
    expect(done).toMatch(/← ok\s+\(simulate\) \{"points":24\.5\}/);
    expect(readFileSync(join(dir, 'paper-like.simcache'), 'utf8')).toContain('24.5');

    // At the end each judge item is put to the person: met with a reason, then skipped.
    const first = await s.send('agent', '/finish Done.', (f) => f.includes('you are the judge: item 1 of 2'));
    expect(first).toContain('The agent retrieves the season statistics.');
    expect(first).toContain('m met · n not met · s skip');
    // i reads the transcript before deciding (the latest tool result first); Esc is back at the same item.
    await s.press('i', (f) => f.includes('inspect event #2'));
    await s.press(KEY.esc, (f) => f.includes('you are the judge: item 1 of 2'));
    await s.press('m', (f) => f.includes('met: why?'));
    const refused = await s.press(KEY.enter, (f) => f.includes('a reason, please'));
    expect(refused).toContain('you are the judge: item 1 of 2');
    await s.send('reason', 'It called StatsAPI and got the points.', (f) => f.includes('item 2 of 2'));
    await s.press('s', (f) => f.includes('■ end'));
    await until(() => s.ended.length === 1, 'onEnd');
    const notes = s.ended[0]!.events.filter((e) => e.type === 'note' && e.judge);
    // The same note shape as a model judge's verdict (see notes/10.md).
    expect(notes).toEqual([
      expect.objectContaining({ level: 'info', text: 'judge: goal-stats: yes, It called StatsAPI and got the points.', judge: { path: '0', criterion: 'The agent retrieves the season statistics.', verdict: true, reason: 'It called StatsAPI and got the points.' } }),
    ]);
    expect(s.ended[0]!.result?.unjudged).toEqual(['goal-explain']);

    // The next run: the same call is answered from the cache, no form.
    const again = play(task, { tools: true });
    await frameWith(again.lastFrame, 'agent ❯');
    const auto = await again.send('agent', '/call StatsAPI {"player":"Simons"}', (f) => f.includes('← ok'));
    expect(auto).not.toContain('you are the tool');
    expect(auto).toMatch(/\(simulate\) \{"points":24\.5\}/);
  });

  it('with nobody judging, the end screen says NOT JUDGED, not FAILED with a score of 1', async () => {
    const s = play(paperLikeTask(), {});
    await frameWith(s.lastFrame, 'agent ❯', 'rubric score — (nobody judges: --judge');
    await s.send('agent', '/finish Done.', (f) => f.includes('■ end'));
    await until(() => s.ended.length === 1, 'onEnd');
    const end = render(<EndScreen snap={s.ended[0]!} notice="" onAction={() => {}} />);
    mounted.push(end.unmount);
    const frame = await frameWith(end.lastFrame, 'NOT JUDGED');
    expect(frame).not.toContain('FAILED');
    expect(frame).toMatch(/NOT JUDGED score —/);
    expect(frame).toContain('--judge human');
  });
});

describe('a person who skips every judge item', () => {
  it('the end screen says they skipped them, not to play with --judge human', async () => {
    const s = play(paperLikeTask(), { judge: true });
    await frameWith(s.lastFrame, 'agent ❯');
    await s.send('agent', '/finish Done.', (f) => f.includes('you are the judge: item 1 of 2'));
    await s.press('s', (f) => f.includes('item 2 of 2'));
    await s.press('s', (f) => f.includes('■ end'));
    await until(() => s.ended.length === 1, 'onEnd');
    const end = render(<EndScreen snap={s.ended[0]!} notice="" onAction={() => {}} />);
    mounted.push(end.unmount);
    const frame = (await frameWith(end.lastFrame, 'NOT JUDGED')).replace(/[║\s]+/g, ' ');
    expect(frame).toContain('You skipped every one: p plays again, and at the end you judge them.');
    expect(frame).not.toContain('play --judge human');
  });

  it('S skips this item and every one after it: the session ends at once, all of them unjudged, no verdict', async () => {
    const s = play(paperLikeTask(), { judge: true });
    await frameWith(s.lastFrame, 'agent ❯');
    const first = await s.send('agent', '/finish Done.', (f) => f.includes('you are the judge: item 1 of 2'));
    expect(first).toContain('S skip the rest');
    await s.press('S', (f) => f.includes('■ end'));
    await until(() => s.ended.length === 1, 'onEnd');
    expect(s.lastFrame()).not.toContain('item 2 of 2');
    expect(s.ended[0]!.events.filter((e) => e.type === 'note' && e.judge)).toEqual([]);
    expect(s.ended[0]!.result?.unjudged).toEqual(['goal-stats', 'goal-explain']);
  });
});

describe('a person playing the user', () => {
  it('sees their goal, the facts they hold and how a fact counts; a reply that gives nothing asked for is noted', async () => {
    const task = tinyTask();
    const agent = { info: { kind: 'script' as const }, act: async () => ({ type: 'say' as const, text: 'What is your order number?' }) };
    const controller = new SessionController({ loaded: { task }, agent: { kind: 'given', role: agent }, user: { kind: 'human' } });
    const inst = render(<SessionScreen controller={controller} player="user" others={{ agent: 'script', user: 'human' }} onEnd={() => {}} />);
    mounted.push(() => (inst.unmount(), controller.abort()));
    const k = keyboard(inst);
    const card = await frameWith(inst.lastFrame, 'user ❯');
    expect(card).toContain('your goal: Refund order A-1 to card.');
    expect(card).toMatch(/🔒 order number: A-1/);
    expect(card).toContain('A fact counts as told when');
    await k.type('user', 'I do not remember it');
    const noted = await k.press(KEY.enter, (f) => f.includes('reveals none of what the agent asked for'));
    expect(noted).toContain('order number (order)');
  });
});
