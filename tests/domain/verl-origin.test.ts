import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/domain/task.js';
import { renderUserPrompt } from '../../src/domain/verl-format.js';
import { originUserPrompt, paperOpening, taskFieldsHash, unchangedOrigin } from '../../src/domain/verl-origin.js';
import { paperTask } from '../helpers/paper.js';
import { tinyTask } from '../helpers/tasks.js';

describe('taskFieldsHash', () => {
  const task = paperTask();
  it.each<[string, (t: Task) => Task, boolean]>([
    ['the title', (t) => ({ ...t, title: 'Other' }), false],
    ['a mock', (t) => ({ ...t, tools: t.tools.map((x, i) => (i === 0 ? { ...x, mock: { default: { result: 1 } } } : x)) }), false],
    ['the limits', (t) => ({ ...t, limits: { maxTurns: 3 } }), false],
    ['the instruction', (t) => ({ ...t, instruction: `${t.instruction} Please.` }), true],
    ['the system prompt', (t) => ({ ...t, system: 'Other policy.' }), true],
    ['a tool description', (t) => ({ ...t, tools: t.tools.map((x, i) => (i === 0 ? { ...x, description: 'changed' } : x)) }), true],
    ['the rubric', (t) => ({ ...t, rubric: t.rubric.slice(1) }), true],
    ['the background', (t) => ({ ...t, user: { ...t.user, background: 'other' } }), true],
  ])('changes with %s: %s', (_name, edit, changes) => expect(taskFieldsHash(edit(task)) !== taskFieldsHash(task)).toBe(changes));
});

describe('unchangedOrigin, originUserPrompt and paperOpening', () => {
  it('an imported task as imported: its record and the record\'s own user prompt', () => {
    const task = paperTask();
    expect(unchangedOrigin(task)).toBe(task.origin);
    const prompt = task.origin!.prompt.find((m) => m.role === 'user')!.content;
    expect(originUserPrompt(task)).toBe(prompt);
    expect(paperOpening(task)).toBe(prompt);
  });

  it('an edited one, or one of ours: no origin, and the paper\'s template around the instruction', () => {
    const edited = { ...paperTask(), instruction: 'Something else.' };
    expect(unchangedOrigin(edited)).toBeNull();
    expect(originUserPrompt(edited)).toBeNull();
    expect(paperOpening(edited)).toBe(renderUserPrompt('Something else.'));
    const ours = tinyTask();
    expect(unchangedOrigin(ours)).toBeNull();
    expect(paperOpening(ours)).toBe(renderUserPrompt(ours.instruction));
  });
});
