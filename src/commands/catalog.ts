import type { CliIo } from '../io.js';
import { z } from 'zod';
import { checkTaskFile, displayPath, loadBundledTasks } from '../adapters/task-files.js';
import { Recording } from '../domain/recording.js';
import { Task } from '../domain/task.js';
import { safeLine, UnreadableFileError, UserError } from '../errors.js';
import { cell, painter } from '../render/style.js';

/**
 * `synthagent validate FILE…`: every problem, one line each; exit 1 when any task is invalid. A task's
 * `reference` must reach score 1 (SPEC §1): it is played against the rule user simulator, no model.
 */
export async function validateCommand(files: string[], io: CliIo): Promise<number> {
  if (files.length === 0) throw new UserError('validate: give one or more task files');
  const paint = painter(io.stdout, io.env);
  let invalid = 0;
  let unreadable = 0;
  for (const file of files) {
    try {
      const { task, problems } = checkTaskFile(file);
      if (task?.reference) problems.push(...(await referenceProblems(task)).map((p) => `${file}: reference: ${p}`));
      if (problems.length === 0) io.stdout.write(`${paint('green', 'ok')}  ${file}\n`);
      else {
        invalid++;
        for (const p of problems) io.stdout.write(`${safeLine(p)}\n`);
      }
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // A file that is not JSON is an invalid task; one that cannot be read at all is bad usage.
      if (err instanceof UnreadableFileError) unreadable++;
      else invalid++;
      io.stdout.write(`${safeLine(err.message)}\n`);
    }
  }
  const bad = invalid + unreadable;
  if (files.length > 1 || bad > 0) io.stderr.write(`${files.length - bad} valid, ${bad} invalid\n`);
  return unreadable > 0 ? 2 : invalid > 0 ? 1 : 0;
}

/** Why the reference does not reach score 1 (nothing when it does). */
async function referenceProblems(task: Task): Promise<string[]> {
  const { runReference } = await import('../session/reference-run.js'); // the session loop: only for tasks with a reference
  const run = await runReference(task);
  if (run.ok) return [];
  return [`scores ${run.score.toFixed(2)} against the rule simulator, and must reach 1`, ...run.problems];
}

/** `synthagent tasks [--json]`: the bundled task library. */
export function tasksCommand(json: boolean, io: CliIo): number {
  const tasks = loadBundledTasks();
  if (json) {
    const rows = tasks.map(({ task, file }) => ({
      id: task.id,
      title: task.title,
      domain: task.domain,
      difficulty: task.difficulty ?? null,
      file: displayPath(file),
      tools: task.tools.length,
      facts: task.user.facts.length,
      rubric: task.rubric.length,
      reference: task.reference !== undefined,
    }));
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const paint = painter(io.stdout, io.env);
  io.stdout.write(`${paint('bold', `${cell('id', 28)}  ${cell('domain', 12)}  ${cell('level', 6)}  title`)}\n`);
  for (const { task } of tasks) {
    io.stdout.write(`${cell(task.id, 28)}  ${cell(task.domain, 12)}  ${cell(task.difficulty ?? '-', 6)}  ${task.title}\n`);
  }
  io.stdout.write(paint('gray', `${tasks.length} tasks. Play one: synthagent play --task <id>; run one: synthagent run --task <id>\n`));
  return 0;
}

/** `synthagent schema task|recording`: JSON Schema generated from the zod schemas. */
export function schemaCommand(which: string | undefined, io: CliIo): number {
  const schemas: Record<string, z.ZodType> = { task: Task, recording: Recording };
  const schema = which ? schemas[which] : undefined;
  if (!schema) throw new UserError(`schema: say which: task or recording`);
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  io.stdout.write(`${JSON.stringify({ ...json, title: `synthagent ${which}` }, null, 2)}\n`);
  return 0;
}
