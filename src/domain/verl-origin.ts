import { createHash } from 'node:crypto';
import { canonicalJson } from './json.js';
import type { Task, VerlOrigin } from './task.js';
import { renderUserPrompt } from './verl-format.js';

/**
 * A hash of the fields a paper record becomes: the policy, the task statement, the background, the
 * tools as the agent sees them and the rubric. Titles, mocks, facts and limits do not feed the record.
 */
export function taskFieldsHash(task: Task): string {
  const fields = {
    system: task.system ?? null,
    instruction: task.instruction,
    background: task.user.background ?? null,
    tools: task.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters, outputs: t.outputs ?? null })),
    rubric: task.rubric,
  };
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** The record a task was imported from, while the task is as imported (else null: it was edited). */
export function unchangedOrigin(task: Task): VerlOrigin | null {
  return task.origin && task.origin.fields === taskFieldsHash(task) ? task.origin : null;
}

/** The user prompt of the record a task came from, while the task is unchanged. */
export function originUserPrompt(task: Task): string | null {
  return unchangedOrigin(task)?.prompt.find((m) => m.role === 'user')?.content ?? null;
}

/**
 * The agent's opening as the paper's data phrases it: an unchanged imported task's own user prompt,
 * else the paper's template around the instruction ("Task Description: …" and its requirements).
 */
export function paperOpening(task: Task): string {
  return originUserPrompt(task) ?? renderUserPrompt(task.instruction);
}
