import type { Task } from '../domain/task.js';
import { validateTask } from '../domain/validate-task.js';
import { playReference } from '../session/reference-run.js';

/**
 * Why a synthesized task is not fit to keep, or null: it must be a valid task file, and its reference
 * must pass (score 1) against the rule user simulator without a failed tool call.
 */
export async function offlineTaskProblem(task: Task): Promise<string | null> {
  const valid = validateTask(task);
  if (!valid.ok) return valid.problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; ');
  const { log, result } = await playReference(valid.task);
  const failed = log.events.find((e) => e.type === 'tool_result' && !e.ok);
  if (failed?.type === 'tool_result' && !failed.ok) return `a reference tool call failed: ${JSON.stringify(failed.error)}`;
  if (!result.passed || result.score !== 1) {
    const missing = valid.task.rubric.filter((r) => (r.kind === 'forbidden') === result.hits.some((h) => h.item === r.id)).map((r) => r.id);
    return `the reference scores ${result.score} (end: ${result.end}; wrong items: ${missing.join(', ') || 'none'})`;
  }
  return null;
}
