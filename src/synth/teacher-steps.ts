/**
 * The steps of the teacher pipeline: for each, the zod schema of the answer (also sent to the model as
 * a JSON Schema), the prompt, how the answer is merged into the task draft, and which parts of the
 * draft it answers for (validation problems there send the step back to the teacher once).
 */
import { z } from 'zod';
import { jsonInAnswer } from '../domain/json.js';
import { checkedBy } from '../domain/json-schema.js';
import type { Result } from '../domain/result.js';
import { AgentScript, Fact, JsonValue, RubricItem, Task, TASK_FORMAT, Tool } from '../domain/task.js';
import { completeRubric, pruneFactParams } from './teacher-checks.js';
import { ambiguityPrompt, referencePrompt, repairPrompt, rubricPrompt, taskPrompt, toolCheckPrompt } from './teacher-prompts.js';

export type StepName = 'task' | 'ambiguity' | 'tools' | 'rubric' | 'reference' | 'repair';

/** One request to the teacher and what to do with its answer. */
export interface Step<T> {
  name: StepName;
  schema: z.ZodType<T>;
  prompt: string;
  merge: (draft: Task, answer: T) => Task;
  /** Draft fields whose validation problems this step must fix (`''`: all). */
  owns: readonly string[];
  /** Applied to the parsed JSON before the schema (fields the teacher may not change). */
  prepare?: (raw: unknown) => unknown;
}

// Each answer is an object at the top (as OpenAI structured outputs require).
export const TaskAnswer = z.object({
  title: z.string().min(1),
  difficulty: z.enum(['easy', 'medium', 'hard']).optional(),
  system: z.string().optional(),
  fullInstruction: z.string().min(1),
  tools: z.array(Tool).min(1),
  world: z.record(z.string(), JsonValue).optional(),
});
export const AmbiguityAnswer = z.object({
  instruction: z.string().min(1),
  fullInstruction: z.string().min(1).optional(),
  persona: z.string().optional(),
  background: z.string().optional(),
  facts: z.array(Fact).min(1),
  system: z.string().optional(),
});
export const ToolCheckAnswer = z.object({
  drop: z.array(z.object({ name: z.string(), reason: z.string() })).default([]),
  distractors: z.array(Tool).min(1).max(2),
});
export const RubricAnswer = z.object({ rubric: z.array(RubricItem).min(1) });
export const ReferenceAnswer = z.object({ reference: AgentScript.min(1) });

/** The draft the pipeline starts from: bookkeeping only, every other field is the teacher's. */
export function emptyDraft(id: string, domain: string, persona: string): Task {
  return { format: TASK_FORMAT, id, domain, title: id, instruction: '-', fullInstruction: '', user: { persona, facts: [] }, tools: [], rubric: [] };
}

/** The five steps, in order; each prompt is built from the draft the previous steps left. */
export const PIPELINE: readonly ((draft: Task) => Step<any>)[] = [ // any: each step has its own answer type
  (draft): Step<z.infer<typeof TaskAnswer>> => ({
    name: 'task',
    schema: TaskAnswer,
    prompt: taskPrompt(draft.domain, draft.user.persona ?? ''),
    // Until the ambiguity step, the opening message is the full request (so nothing can leak yet).
    merge: (d, a) => ({ ...d, ...a, instruction: a.fullInstruction }),
    owns: ['title', 'difficulty', 'system', 'fullInstruction', 'instruction', 'tools', 'world'],
  }),
  (draft): Step<z.infer<typeof AmbiguityAnswer>> => ({
    name: 'ambiguity',
    schema: AmbiguityAnswer,
    prompt: ambiguityPrompt(draft),
    merge: (d, a) => ({
      ...d,
      instruction: a.instruction,
      fullInstruction: a.fullInstruction ?? d.fullInstruction,
      ...(a.system !== undefined ? { system: a.system } : {}),
      user: { persona: a.persona ?? d.user.persona, ...(a.background ? { background: a.background } : {}), facts: a.facts },
    }),
    owns: ['instruction', 'fullInstruction', 'system', 'user'],
  }),
  (draft): Step<z.infer<typeof ToolCheckAnswer>> => ({
    name: 'tools',
    schema: ToolCheckAnswer,
    prompt: toolCheckPrompt(draft),
    merge: (d, a) => {
      const dropped = new Set(a.drop.map((x) => x.name));
      return pruneFactParams({ ...d, tools: [...d.tools.filter((t) => !dropped.has(t.name)), ...a.distractors] });
    },
    owns: ['tools'],
  }),
  (draft): Step<z.infer<typeof RubricAnswer>> => ({
    name: 'rubric',
    schema: RubricAnswer,
    prompt: rubricPrompt(draft),
    merge: (d, a) => completeRubric({ ...d, rubric: a.rubric }),
    owns: ['rubric'],
  }),
  (draft): Step<z.infer<typeof ReferenceAnswer>> => ({
    name: 'reference',
    schema: ReferenceAnswer,
    prompt: referencePrompt(draft),
    merge: (d, a) => ({ ...d, reference: a.reference }),
    owns: ['reference'],
  }),
];

/** The repair round: the whole task back, with what failed. */
export function repairStep(draft: Task, problems: readonly string[], transcript: string | null): Step<Task> {
  return {
    name: 'repair',
    schema: Task,
    prompt: repairPrompt(draft, problems, transcript),
    // The bookkeeping fields stay ours, whatever the teacher sends.
    prepare: (raw) => (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, format: TASK_FORMAT, id: draft.id, domain: draft.domain, $schema: undefined } : raw),
    merge: (_d, a) => completeRubric(pruneFactParams(dropUndefined(a))),
    owns: [''],
  };
}

function dropUndefined(task: Task): Task {
  return Object.fromEntries(Object.entries(task).filter(([, v]) => v !== undefined)) as Task;
}

/** The response_format that asks an OpenAI-compatible server for JSON of the step's schema. */
export function responseFormat(step: Pick<Step<unknown>, 'name' | 'schema'>): Record<string, unknown> {
  const schema = z.toJSONSchema(step.schema, { io: 'input', unrepresentable: 'any' });
  return { type: 'json_schema', json_schema: { name: `synthagent_${step.name}`, strict: false, schema } };
}

/** The answer's text as JSON (tolerating code fences or prose around one object), then the step's schema. */
export function parseAnswer<T>(step: Step<T>, text: string): Result<T> {
  const json = jsonInAnswer(text);
  return json.ok ? stepValue(step, json.value) : json;
}

/** The JSON of an answer checked against the step's schema. */
export function stepValue<T>(step: Step<T>, json: unknown): Result<T> {
  const checked = checkedBy(step.schema, step.prepare ? step.prepare(json) : json);
  return checked.ok ? checked : { ok: false, error: `the JSON does not match the schema: ${checked.error}` };
}
