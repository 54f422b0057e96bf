import { readFileSync } from 'node:fs';
import { Task } from '../../src/domain/task.js';

/** The shared example task, parsed. */
export function exampleTask(): Task {
  return Task.parse(JSON.parse(readFileSync(new URL('../../fixtures/tasks/travel/travel-rebook.json', import.meta.url), 'utf8')));
}

/** A small task to build table tests on; `patch` overrides top-level fields. */
export function tinyTask(patch: Partial<Record<keyof Task, unknown>> = {}): Task {
  return Task.parse({
    format: 'synthagent.task/1',
    id: 'tiny',
    title: 'Tiny',
    domain: 'test',
    instruction: 'Please help me with my order.',
    fullInstruction: 'Refund order A-1 to card.',
    user: {
      facts: [
        { id: 'order', description: 'order number', value: 'A-1', aliases: ['order number', 'order id'], params: ['refund.order_id'] },
        { id: 'method', description: 'refund method', value: 'card', aliases: ['refund method'], answer: 'To my card, please.' },
      ],
    },
    tools: [
      {
        name: 'refund',
        description: 'Refund an order.',
        parameters: { type: 'object', properties: { order_id: { type: 'string' }, method: { type: 'string' } }, required: ['order_id'], additionalProperties: false },
        mock: { query: '{"refunded": args.order_id}', update: 'world ~> | $ | {"refunded": $$.args.order_id} |' },
      },
      { name: 'delete_account', description: 'Delete the account.', parameters: { type: 'object', properties: {} }, mock: { default: { result: 'deleted' } } },
    ],
    world: { refunded: null },
    rubric: [],
    ...patch,
  });
}

/** A task like an imported paper task: a simulated tool with an outputs schema, and only judge items. */
export function paperLikeTask(): Task {
  return tinyTask({
    id: 'paper-like',
    tools: [
      {
        name: 'StatsAPI',
        description: 'Season statistics of a player.',
        parameters: { type: 'object', properties: { player: { type: 'string' } }, required: ['player'] },
        outputs: { type: 'object', properties: { points: { type: 'number' } }, required: ['points'] },
        mock: { simulate: true, default: { error: 'simulated tool: no model configured (--tool-model M, or --tools human to answer it yourself)' } },
      },
    ],
    rubric: [
      { id: 'goal-stats', kind: 'subgoal', description: 'Gets the statistics', check: { type: 'judge', criterion: 'The agent retrieves the season statistics.' } },
      { id: 'goal-explain', kind: 'subgoal', description: 'Explains the trend', check: { type: 'judge', criterion: 'The agent explains the trend to the user.' } },
    ],
    reference: undefined,
  });
}

/** A task with one simulated tool (an outputs schema) and one judge item. */
export function simulatedTask(): Task {
  return tinyTask({
    tools: [
      {
        name: 'weather',
        description: 'Current weather in a city.',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        outputs: { type: 'object', properties: { temp_c: { type: 'number' } }, required: ['temp_c'] },
        mock: { simulate: true, default: { error: 'no simulator' } },
      },
    ],
    rubric: [{ id: 'kind', kind: 'subgoal', description: 'is kind', check: { type: 'judge', criterion: 'The agent is polite.' } }],
  });
}
