import { describe, expect, it } from 'vitest';
import { schemaViolations, taskVersion, ToolAnswers } from '../../src/domain/audit-tool.js';
import type { NewEvent } from '../../src/domain/events.js';
import { call, fail, ok, sequence } from '../helpers/events.js';
import { tinyTask } from '../helpers/tasks.js';

const task = tinyTask();
const changed = (callId: string, result: unknown, world: Record<string, unknown>): NewEvent => ({ type: 'tool_result', callId, ok: true, result, via: 'query', world });

describe('taskVersion', () => {
  it('is the same for an equal task, whatever its key order, and changes with any field', () => {
    const v = taskVersion(task);
    expect(v).toMatch(/^[0-9a-f]{16}$/);
    const reordered = Object.fromEntries(Object.entries(task).reverse()) as typeof task;
    expect(taskVersion(reordered)).toBe(v);
    expect(taskVersion({ ...task, title: 'Other' })).not.toBe(v);
  });
});

describe('ToolAnswers', () => {
  const observe = (ledger: ToolAnswers, label: string, events: NewEvent[]): string[] => ledger.observe(label, task, sequence(events)).map((f) => `${f.kind}@${f.seq}: ${f.detail}`);

  it.each<[string, NewEvent[], RegExp[]]>([
    ['one call', [call('a', 'refund', { order_id: 'A-1' }), ok('a', 1)], []],
    ['the same answer twice', [call('a', 'refund', { order_id: 'A-1' }), ok('a', 1), call('b', 'refund', { order_id: 'A-1' }), ok('b', 1)], []],
    ['equal arguments in another key order', [call('a', 'refund', { order_id: 'A-1', method: 'card' }), ok('a', 1), call('b', 'refund', { method: 'card', order_id: 'A-1' }), ok('b', 2)], [/^inconsistent_result@3: refund\(\{"method":"card","order_id":"A-1"\}\) returned 2 \(via query\), but the same call on the same world returned 1 at seq 1 \(via query\)$/]],
    ['another answer to the same call', [call('a', 'refund', { order_id: 'A-1' }), ok('a', 1), call('b', 'refund', { order_id: 'A-1' }), fail('b', 'down')], [/failed with "down" \(via default\), but the same call on the same world returned 1 at seq 1/]],
    ['other arguments', [call('a', 'refund', { order_id: 'A-1' }), ok('a', 1), call('b', 'refund', { order_id: 'A-2' }), ok('b', 2)], []],
    ['another tool', [call('a', 'refund', {}), ok('a', 1), call('b', 'delete_account', {}), ok('b', 2)], []],
    ['the same call after the world changed', [call('a', 'refund', { order_id: 'A-1' }), changed('a', 1, { refunded: 'A-1' }), call('b', 'refund', { order_id: 'A-1' }), ok('b', 2)], []],
    ['a result with no call', [ok('zz', 1), ok('zz', 2)], []],
  ])('%s', (_name, events, expected) => {
    const found = observe(new ToolAnswers(), 'r1', events);
    expect(found).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(found[i]).toMatch(re));
  });

  it('compares recordings observed by one ledger, naming where the first answer was', () => {
    const ledger = new ToolAnswers();
    expect(observe(ledger, 'one.json', [call('a', 'refund', { order_id: 'A-1' }), ok('a', 1)])).toEqual([]);
    expect(observe(ledger, 'two.json', [call('a', 'refund', { order_id: 'A-1' }), ok('a', 2)])[0]).toMatch(/returned 1 in one\.json at seq 1/);
    // A fresh ledger remembers nothing.
    expect(observe(new ToolAnswers(), 'two.json', [call('a', 'refund', { order_id: 'A-1' }), ok('a', 2)])).toEqual([]);
  });

  it('does not compare answers across task versions', () => {
    const ledger = new ToolAnswers();
    ledger.observe('one', task, sequence([call('a', 'refund', {}), ok('a', 1)]), 'v1');
    expect(ledger.observe('two', task, sequence([call('a', 'refund', {}), ok('a', 2)]), 'v2')).toEqual([]);
    expect(ledger.observe('three', task, sequence([call('a', 'refund', {}), ok('a', 3)]), 'v1')).toHaveLength(1);
  });

  it('cuts long values in the detail', () => {
    const long = 'x'.repeat(200);
    const [finding] = observe(new ToolAnswers(), 'r', [call('a', 'refund', { order_id: long }), ok('a', 1), call('b', 'refund', { order_id: long }), ok('b', 2)]);
    expect(finding).toContain('…');
    expect(finding!.length).toBeLessThan(300);
  });
});

describe('schemaViolations', () => {
  const withOutputs = tinyTask({
    tools: [
      { name: 'stats', description: '', parameters: { type: 'object' }, outputs: { type: 'object', properties: { points: { type: 'number' } }, required: ['points'] }, mock: { default: { result: {} } } },
      { name: 'free', description: '', parameters: { type: 'object' }, mock: { default: { result: {} } } },
      { name: 'broken', description: '', parameters: { type: 'object' }, outputs: { type: 'string', pattern: '(?=x)' }, mock: { default: { result: {} } } },
    ],
  });
  it.each<[string, NewEvent[], string[]]>([
    ['a result matching outputs', [call('a', 'stats', {}), ok('a', { points: 3 })], []],
    ['a result not matching outputs', [call('a', 'stats', {}), ok('a', { points: 'three' })], ['schema_violation@1: stats result {"points":"three"} does not match its outputs schema: points: ']],
    ['a failed call (errors are not checked)', [call('a', 'stats', {}), fail('a', 'nope')], []],
    ['a tool without outputs', [call('a', 'free', {}), ok('a', 42)], []],
    ['an outputs schema that does not compile', [call('a', 'broken', {}), ok('a', 42)], []],
    ['an unknown tool', [call('a', 'ghost', {}), ok('a', 42)], []],
  ])('%s', (_name, events, expected) => {
    const found = schemaViolations(withOutputs, sequence(events)).map((f) => `${f.kind}@${f.seq}: ${f.detail}`);
    expect(found).toHaveLength(expected.length);
    expected.forEach((prefix, i) => expect(found[i]!.startsWith(prefix)).toBe(true));
  });
});
