import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyedCache } from '../../src/adapters/keyed-cache.js';
import type { Task } from '../../src/domain/task.js';
import type { SimAnswer } from '../../src/roles/model-tool-simulator.js';
import { paperToolSimulator } from '../../src/roles/paper-tool-simulator.js';
import { paperTask, useFakeModel } from '../helpers/paper.js';

const fake = useFakeModel();
const client = fake.client;
const cache = () => new KeyedCache<SimAnswer>(join(mkdtempSync(join(tmpdir(), 'synthagent-paper-')), 'sim.json'), 'test');

describe('--prompts paper: the tool simulator', () => {
  const call = (task: Task, tool: string, args: object) => ({ task, tool: task.tools.find((t) => t.name === tool)!, args, world: {}, earlier: [] });

  it('sees every tool of the task, answers free text where there is no outputs schema, at temperature 0.9 by default', async () => {
    const task = paperTask();
    const free: Task = { ...task, tools: task.tools.map((t) => (t.name === 'FanSentimentTracker' ? { ...t, outputs: undefined } : t)) };
    fake.server().script([{ text: '<response>\nMostly positive.\n</response>' }]);
    const sim = paperToolSimulator(cache(), client(), 'fake', 0.9);
    expect(await sim(call(free, 'FanSentimentTracker', { player_name: 'X', team: 'POR' }))).toEqual({ ok: true, result: 'Mostly positive.' });
    const body = fake.server().requests[0]!.body;
    expect(body.temperature).toBe(0.9);
    for (const t of task.tools) expect(body.messages[0].content).toContain(`"name":"${t.name}"`);
    expect(body.messages[0].content).toContain('{"name":"FanSentimentTracker","arguments":{"player_name":"X","team":"POR"}}');
  });

  it('asks again when a tool with an outputs schema gets free text; the temperature is configurable', async () => {
    const task = paperTask();
    fake.server().script([{ text: '<response>A great player.</response>' }, { text: '<response>{"sentiment_summary": "Upbeat"}</response>' }]);
    const sim = paperToolSimulator(cache(), client(), 'fake', 0.3);
    expect(await sim(call(task, 'FanSentimentTracker', { player_name: 'X', team: 'POR' }))).toEqual({ ok: true, result: { sentiment_summary: 'Upbeat' } });
    expect(fake.server().requests.map((r) => r.body.temperature)).toEqual([0.3, 0.3]);
    expect(fake.server().requests[1]!.body.messages[0].content).toContain('Your last answer was rejected: result does not match outputs');
  });
});
