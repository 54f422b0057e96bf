import type { CliIo } from '../io.js';
import { writeJsonFile } from '../adapters/json-file.js';
import { join } from 'node:path';
import type { ModelFlags } from '../adapters/model-config.js';
import { errorMessage, UserError } from '../errors.js';
import type { Task } from '../domain/task.js';
import { buildTask, OFFLINE_DOMAINS, offlinePlan, synthId } from '../synth/offline.js';
import type { Template } from '../synth/kit.js';
import { offlineTaskProblem } from '../synth/offline-check.js';
import { makeDirs } from '../adapters/files.js';

export interface SynthFlags {
  offline: boolean;
  seed: string | undefined;
  n: number | undefined;
  out: string | undefined;
  domain: string | undefined;
  json: boolean;
  models: ModelFlags;
}

const PROGRESS_EVERY = 100;

/**
 * `synthagent synth`: with `--offline`, seeded tasks from the built-in templates (no model); each is
 * validated and its reference must pass against the rule simulator before it is written. Otherwise
 * a teacher model writes them (src/synth/teacher.ts).
 */
export async function synthCommand(flags: SynthFlags, io: CliIo): Promise<number> {
  if (!flags.offline) {
    const { teacherSynth } = await import('../synth/teacher.js');
    return teacherSynth(flags, io);
  }
  const { seed, n, out, domain } = offlineFlags(flags);
  const plan = offlinePlan(seed, n, domain);
  try {
    makeDirs(out);
  } catch (err) {
    throw new UserError(`synth: cannot create ${out}: ${errorMessage(err)}`);
  }

  const written: { id: string; domain: string; file: string }[] = [];
  let skipped = 0;
  for (const [i, template] of plan.entries()) {
    const built = await checkedTask(template, seed, i);
    if ('problem' in built) {
      skipped++;
      io.stderr.write(`synth: skipped ${synthId(template.domain, seed, i)} (a template bug, please report it): ${built.problem}\n`);
    } else {
      const { task } = built;
      const file = join(out, `${task.id}.json`);
      writeJsonFile(file, task);
      written.push({ id: task.id, domain: task.domain, file });
    }
    const done = i + 1;
    if (done % PROGRESS_EVERY === 0 || done === plan.length) io.stderr.write(`synth: ${done}/${plan.length} tasks checked\n`);
  }

  const domains = [...new Set(written.map((w) => w.domain))];
  if (flags.json) io.stdout.write(`${JSON.stringify({ out, tasks: written })}\n`);
  else io.stdout.write(`wrote ${written.length} tasks to ${out} (domains: ${domains.join(', ') || 'none'})${skipped ? `; skipped ${skipped}` : ''}\n`);
  return skipped > 0 ? 1 : 0;
}

/** Task `i` of the plan, or why it is not fit to keep: a template that throws, or whose task fails its checks, is a bug. */
async function checkedTask(template: Template, seed: string, i: number): Promise<{ task: Task } | { problem: string }> {
  try {
    const task = buildTask(template, seed, i);
    const problem = await offlineTaskProblem(task);
    return problem ? { problem } : { task };
  } catch (err) {
    return { problem: `the template failed: ${errorMessage(err)}` };
  }
}

function offlineFlags(flags: SynthFlags): { seed: string; n: number; out: string; domain: string | undefined } {
  const { seed, out, domain } = flags;
  if (seed === undefined || seed === '') throw new UserError('synth: --offline needs --seed S (the same seed makes the same files)');
  if (out === undefined || out === '') throw new UserError('synth: --out DIR is required');
  if (domain !== undefined && !OFFLINE_DOMAINS.includes(domain)) throw new UserError(`synth: unknown domain "${domain}" (offline domains: ${OFFLINE_DOMAINS.join(', ')})`);
  return { seed, n: flags.n ?? 10, out, domain };
}
