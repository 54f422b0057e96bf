/**
 * `synthagent synth --model M`: task synthesis with a teacher model, the seed paper's pipeline.
 * For each task: a task and its tools from a persona → the ambiguity rewrite (instruction + user facts)
 * → the tool check (drop what the model could do itself, add distractors) → the rubric → a reference
 * solution. A task is kept when it is a valid task file and its reference scores 1 against the rule
 * user simulator; otherwise the teacher gets one repair round with what failed, then it is discarded.
 */
import type { CliIo } from '../io.js';
import { writeJsonFile } from '../adapters/json-file.js';
import { join } from 'node:path';
import { askJson } from '../adapters/ask-json.js';
import type { CallContext, ChatMessage, ModelClient } from '../adapters/model-types.js';
import type { Result } from '../domain/result.js';
import type { ModelFlags } from '../adapters/model-config.js';
import { modelKit } from '../adapters/model-kit.js';
import type { Task } from '../domain/task.js';
import { errorMessage, UserError } from '../errors.js';
import { runReference } from '../session/reference-run.js';
import { checkTask, problemLine, problemsUnder } from './teacher-checks.js';
import { SynthProgress, type TaskOutcome } from './teacher-progress.js';
import { DEFAULT_DOMAINS, PERSONAS, retryPrompt, TEACHER_SYSTEM } from './teacher-prompts.js';
import { emptyDraft, PIPELINE, repairStep, responseFormat, type Step, type StepName, stepValue } from './teacher-steps.js';
import { makeDirs } from '../adapters/files.js';

/** What `synth --json` prints. `index` is the task's number, as in its file name (1 → `travel-001.json`). */
export interface SynthReport {
  out: string;
  kept: { id: string; file: string }[];
  discarded: { index: number; reason: string }[];
}

/** The flags of `synth` the teacher reads (commands/synth.ts passes its own). */
export interface TeacherFlags {
  n: number | undefined;
  out: string | undefined;
  domain: string | undefined;
  json: boolean;
  models: ModelFlags;
}

/** Runs the pipeline for `--n` tasks; exit 0 when at least one was kept, 1 when none. */
export async function teacherSynth(flags: TeacherFlags, io: CliIo): Promise<number> {
  const n = taskCount(flags.n);
  const out = flags.out;
  if (!out) throw new UserError('synth: --out DIR is required (where the task files go)');
  const kit = modelKit(flags.models);
  const model = kit.config.models.agent;
  if (!model) {
    throw new UserError(
      'synth needs a teacher model: pass --model NAME (for a local server also --base-url URL) or set SYNTHAGENT_MODEL; ' +
        'or use --offline --seed S to make tasks from the built-in templates without a model',
    );
  }
  const domains = flags.domain === undefined ? DEFAULT_DOMAINS : [domainName(flags.domain)];
  try {
    makeDirs(out);
  } catch (err) {
    throw new UserError(`${out}: cannot create the output folder: ${errorMessage(err)}`);
  }

  const progress = new SynthProgress(io.stderr, n);
  // Failed HTTP attempts (the SDK retries them) show above the progress bar; cache notes are not news here.
  const note: CallContext['note'] = (level, text) => {
    if (level !== 'info') progress.print(`synthagent: ${text}`);
  };
  const teacher = teacherModel(kit.client, model, note);
  const report: SynthReport = { out, kept: [], discarded: [] };
  for (let i = 0; i < n; i++) {
    const domain = domains[i % domains.length]!;
    const number = String(i + 1).padStart(3, '0');
    const id = `${slug(domain)}-${number}`;
    const started = Date.now();
    const draft = emptyDraft(id, domain, PERSONAS[i % PERSONAS.length]!);
    const result = await synthOne(teacher, draft, (step) => progress.working(id, step));
    let outcome: TaskOutcome;
    if ('task' in result) {
      const file = join(out, `${id}.json`);
      writeJsonFile(file, result.task);
      report.kept.push({ id, file });
      outcome = { kept: true, repaired: result.repaired };
    } else {
      report.discarded.push({ index: i + 1, reason: result.reason });
      outcome = { kept: false, reason: result.reason };
    }
    progress.finished(id, outcome, Date.now() - started);
  }
  progress.end();
  io.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : reportText(report, n));
  return report.kept.length > 0 ? 0 : 1;
}

type SynthResult = { task: Task; repaired: boolean } | { reason: string };

/** The five steps, the checks, and at most one repair round. Never throws: a failure is a reason. */
async function synthOne(teacher: Teacher, start: Task, onStep: (step: StepName) => void): Promise<SynthResult> {
  let draft = start;
  try {
    for (const make of PIPELINE) {
      const step = make(draft);
      onStep(step.name);
      draft = await teacher.run(step, draft);
    }
  } catch (err) {
    return { reason: errorMessage(err) };
  }
  const first = await verdict(draft);
  if (first.ok) return { task: first.task, repaired: false };
  onStep('repair');
  try {
    draft = await teacher.run(repairStep(draft, first.problems, first.transcript), draft);
  } catch (err) {
    return { reason: `${first.summary}; ${errorMessage(err)}` };
  }
  const second = await verdict(draft);
  if (second.ok) return { task: second.task, repaired: true };
  return { reason: `after one repair round, ${second.summary}` };
}

type Verdict = { ok: true; task: Task } | { ok: false; problems: string[]; transcript: string | null; summary: string };

/** A valid task file whose reference scores 1 with the rule user simulator. */
async function verdict(draft: Task): Promise<Verdict> {
  const checked = checkTask(draft, { needReference: true });
  if (!checked.task) {
    const problems = checked.problems.map(problemLine);
    return { ok: false, problems, transcript: null, summary: `invalid task: ${problems.join('; ')}` };
  }
  const run = await runReference(checked.task);
  if (run.ok) return { ok: true, task: checked.task };
  return { ok: false, problems: run.problems, transcript: run.transcript, summary: `the reference scores ${run.score.toFixed(2)}: ${run.problems.join('; ')}` };
}

interface Teacher {
  run<T>(step: Step<T>, draft: Task): Promise<Task>;
}

class StepFailure extends Error {
  constructor(step: StepName, detail: string) {
    super(`${step} step: ${detail}`);
  }
}

/**
 * Asks the teacher for one step with a JSON Schema response format. An answer that is not JSON, does
 * not match the schema, or leaves validation problems in what the step owns is sent back once with
 * the error; a second bad answer fails the step (problems alone are left to the final checks).
 */
function teacherModel(client: ModelClient, model: string, note: CallContext['note']): Teacher {
  return {
    async run(step, draft) {
      const messages: ChatMessage[] = [
        { role: 'system', content: TEACHER_SYSTEM },
        { role: 'user', content: step.prompt },
      ];
      const needReference = step.name === 'reference' || step.name === 'repair';
      let answer: Result<Task>;
      try {
        answer = await askJson({
          client,
          model,
          messages,
          params: { response_format: responseFormat(step) },
          ctx: { note },
          check: (json, last) => {
            const value = stepValue(step, json);
            if (!value.ok) return value;
            const next = step.merge(draft, value.value);
            // Problems after the retry are left to the final checks.
            const problems = problemsUnder(checkTask(next, { needReference }).problems, step.owns);
            if (problems.length === 0 || last) return { ok: true, value: next };
            return { ok: false, error: `the task it gives has problems: ${problems.map(problemLine).join('; ')}` };
          },
          retry: (sent, text, error) => [...sent, { role: 'assistant', content: text }, { role: 'user', content: retryPrompt(step.name, error) }],
        });
      } catch (err) {
        throw new StepFailure(step.name, errorMessage(err));
      }
      if (!answer.ok) throw new StepFailure(step.name, `invalid answer after a retry: ${answer.error}`);
      return answer.value;
    },
  };
}

function taskCount(n: number | undefined): number {
  if (n === undefined) throw new UserError('synth: --n N is required (how many tasks to make)');
  return n;
}

function domainName(text: string): string {
  const domain = text.trim();
  if (slug(domain) === '') throw new UserError(`synth: --domain ${JSON.stringify(text)}: needs a letter or digit`);
  return domain;
}

/** The domain as it appears in task ids and file names: `IT Support` → `it-support`. */
export function slug(domain: string): string {
  return domain
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 56);
}

function reportText(report: SynthReport, total: number): string {
  const lines = [`kept ${report.kept.length} of ${total} task${total === 1 ? '' : 's'} in ${report.out}`];
  for (const k of report.kept) lines.push(`  ${k.id}  ${k.file}`);
  if (report.discarded.length > 0) {
    lines.push(`discarded ${report.discarded.length}:`);
    for (const d of report.discarded) lines.push(`  #${d.index}: ${d.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
