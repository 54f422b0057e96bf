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
