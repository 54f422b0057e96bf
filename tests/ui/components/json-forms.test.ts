import { describe, expect, it } from 'vitest';
import { parseToolAnswer } from '../../../src/ui/components/AskForm.js';
import { paramsOf, parseParam } from '../../../src/ui/components/ToolForm.js';
import type { Tool } from '../../../src/domain/task.js';
import { tinyTask } from '../../helpers/tasks.js';

/** 65 levels of arrays: one past the limit. */
const DEEP = `${'['.repeat(65)}${']'.repeat(65)}`;

const tool: Tool = {
  ...tinyTask().tools[0]!,
  parameters: { type: 'object', properties: { items: { type: 'array' }, meta: { type: 'object' } } },
};

describe('JSON typed into the playground forms is held to the depth limit, as invalid JSON is refused', () => {
  it('a tool answer (--tools human)', () => {
    const asking = { kind: 'tool' as const, tool, args: {}, world: {}, earlier: 0 };
    expect(parseToolAnswer(asking, DEEP)).toEqual({ ok: false, error: '[0][0][0][0][0][0]…: nested deeper than 64 levels' });
    expect(parseToolAnswer(asking, '[[1]]')).toEqual({ ok: true, answer: { ok: true, result: [[1]] } });
  });

  it('an array or object parameter of the call form, measured inside the arguments', () => {
    const [items] = paramsOf(tool);
    const limit = `${'['.repeat(63)}${']'.repeat(63)}`;
    expect(parseParam(items!, `[${limit}]`)).toEqual({ ok: false, error: 'items[0][0][0][0][0]…: nested deeper than 64 levels' });
    expect(parseParam(items!, limit)).toEqual({ ok: true, value: { skip: false, value: JSON.parse(limit) } });
  });
});
