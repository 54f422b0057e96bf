import { z } from 'zod';

/** JSON value (used where a task holds free-form data: results, worlds, arguments). */
export const JsonValue: z.ZodType<unknown> = z.json();

export const TaskId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must match ^[a-z0-9][a-z0-9._-]{0,63}$');
export const ToolName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must match ^[a-zA-Z0-9_-]{1,64}$');

export const FactValue = z.union([z.string().min(1), z.number(), z.boolean()]);
export type FactValue = z.infer<typeof FactValue>;

/** Something only the user knows, and how the agent asks for it. */
export const Fact = z.strictObject({
  id: z.string().min(1),
  description: z.string().min(1),
  value: FactValue,
  aliases: z.array(z.string()).min(1),
  params: z.array(z.string()).optional(),
  answer: z.string().optional(),
});
export type Fact = z.infer<typeof Fact>;

export const UserProfile = z.strictObject({
  persona: z.string().optional(),
  background: z.string().optional(),
  facts: z.array(Fact).default([]),
});
export type UserProfile = z.infer<typeof UserProfile>;

const JsonObject = z.record(z.string(), JsonValue);

export const MockCase = z.union([
  z.strictObject({ when: JsonObject, result: JsonValue }),
  z.strictObject({ when: JsonObject, error: JsonValue }),
]);
export type MockCase = z.infer<typeof MockCase>;

export const MockDefault = z.union([z.strictObject({ result: JsonValue }), z.strictObject({ error: JsonValue })]);
export type MockDefault = z.infer<typeof MockDefault>;

/** How a mock tool answers (SPEC §1, resolved in the order of the fields here). */
export const Mock = z.strictObject({
  cases: z.array(MockCase).optional(),
  query: z.string().optional(),
  update: z.string().optional(),
  simulate: z.boolean().optional(),
  default: MockDefault.optional(),
});
export type Mock = z.infer<typeof Mock>;

/** JSON Schema of an object, as in OpenAI function tools. */
export const ObjectSchema = z.looseObject({ type: z.literal('object') });

export const Tool = z.strictObject({
  name: ToolName,
  description: z.string(),
  parameters: ObjectSchema,
  outputs: z.looseObject({}).optional(),
  mock: Mock,
});
export type Tool = z.infer<typeof Tool>;

const ToolCalledCheck = z.strictObject({
  type: z.literal('tool_called'),
  tool: z.string(),
  args: JsonObject.optional(),
  ok: z.boolean().optional(),
});
const FactElicitedCheck = z.strictObject({ type: z.literal('fact_elicited'), fact: z.string() });
const ActedBeforeElicitingCheck = z.strictObject({ type: z.literal('acted_before_eliciting'), fact: z.string() });
const WorldCheck = z.strictObject({ type: z.literal('world'), query: z.string() });
const SaidCheck = z.strictObject({
  type: z.literal('said'),
  pattern: z.string(),
  role: z.enum(['agent', 'user']).optional(),
});
const AskedMoreThanCheck = z.strictObject({ type: z.literal('asked_more_than'), n: z.number().int().min(0) });
const JudgeCheck = z.strictObject({ type: z.literal('judge'), criterion: z.string().min(1) });

type LeafCheck =
  | z.infer<typeof ToolCalledCheck>
  | z.infer<typeof FactElicitedCheck>
  | z.infer<typeof ActedBeforeElicitingCheck>
  | z.infer<typeof WorldCheck>
  | z.infer<typeof SaidCheck>
  | z.infer<typeof AskedMoreThanCheck>
  | z.infer<typeof JudgeCheck>;

/** A rubric check (SPEC §1); `any` and `all` nest. */
export type Check = LeafCheck | { type: 'any'; of: Check[] } | { type: 'all'; of: Check[] };

export const Check: z.ZodType<Check> = z.lazy(() =>
  z.discriminatedUnion('type', [
    ToolCalledCheck,
    FactElicitedCheck,
    ActedBeforeElicitingCheck,
    WorldCheck,
    SaidCheck,
    AskedMoreThanCheck,
    JudgeCheck,
    z.strictObject({ type: z.literal('any'), of: z.array(Check).min(1) }),
    z.strictObject({ type: z.literal('all'), of: z.array(Check).min(1) }),
  ]),
);

export const RubricKind = z.enum(['subgoal', 'interaction', 'forbidden']);
export type RubricKind = z.infer<typeof RubricKind>;

export const RubricItem = z.strictObject({
  id: z.string().min(1),
  kind: RubricKind,
  description: z.string(),
  /** Bounded so that a score, a weighted mean, is always a finite number (1e308 made it null). */
  weight: z.number().positive().max(1000).optional(),
  check: Check,
});
export type RubricItem = z.infer<typeof RubricItem>;

const SayStep = z.strictObject({ say: z.string() });
const CallStep = z.strictObject({ call: z.string(), args: JsonObject.default({}) });
const FinishStep = z.strictObject({ finish: z.string().optional() });

/** One step of an agent script (SPEC §2). */
export const AgentStep = z.union([SayStep, CallStep, FinishStep]);
export type AgentStep = z.infer<typeof AgentStep>;
export const AgentScript = z.array(AgentStep);
export type AgentScript = z.infer<typeof AgentScript>;

const StopStep = z.strictObject({ stop: z.literal(true) });

/** One step of a user script (SPEC §2). */
export const UserStep = z.union([SayStep, StopStep]);

/**
 * What is wrong with a script step that fits no step shape, judged by the step's own key (a "call"
 * step is checked as a call), rather than zod's "Unrecognized keys" from a shape it never meant.
 */
export function stepIssue(step: unknown, side: 'agent' | 'user'): z.core.$ZodIssue | null {
  if (typeof step !== 'object' || step === null || Array.isArray(step)) return null;
  const shapes: [string, z.ZodType][] = side === 'agent' ? [['say', SayStep], ['call', CallStep], ['finish', FinishStep]] : [['say', SayStep], ['stop', StopStep]];
  const shape = shapes.find(([key]) => key in step)?.[1];
  if (!shape) return null;
  const parsed = shape.safeParse(step);
  return parsed.success ? null : (parsed.error.issues[0] ?? null);
}
export type UserStep = z.infer<typeof UserStep>;
export const UserScript = z.array(UserStep);
export type UserScript = z.infer<typeof UserScript>;

export const Limits = z.strictObject({
  maxTurns: z.number().int().positive().optional(),
  maxToolCalls: z.number().int().nonnegative().optional(),
});

/**
 * The paper record a task was imported from (`import --from synthagent-verl`), kept as written so that
 * `export --format verl` of the unchanged task gives the record back byte for byte. `fields` is a hash
 * of the task's fields at import (see taskFieldsHash): once they are edited, export writes from them.
 */
export const VerlOrigin = z
  .strictObject({
    format: z.literal('synthagent-verl'),
    id: z.union([z.string(), z.number()]).describe("the record's id"),
    prompt: z.array(z.looseObject({ role: z.string(), content: z.string() })).describe("the record's prompt messages (the system message with <policy> and <tools>, the user prompt), as written"),
    task_background: z.string().nullable().describe("the record's task_background, as written (null in some released records)"),
    rubrics: z.string().describe("the record's Markdown rubric, as written"),
    fields: z.string().describe('sha256 of the task fields the record became (system, instruction, user.background, tools, rubric), at import'),
  })
  .describe('the paper record this task was imported from; export reproduces it while the task is unchanged');
export type VerlOrigin = z.infer<typeof VerlOrigin>;

export const TASK_FORMAT = 'synthagent.task/1';

/** A synthesized task (SPEC §1, format `synthagent.task/1`). */
export const Task = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(TASK_FORMAT),
  id: TaskId,
  title: z.string().min(1),
  domain: z.string().min(1),
  difficulty: z.enum(['easy', 'medium', 'hard']).optional(),
  system: z.string().optional(),
  instruction: z.string().min(1),
  fullInstruction: z.string(),
  user: UserProfile.default({ facts: [] }),
  tools: z.array(Tool).default([]),
  world: z.record(z.string(), JsonValue).optional(),
  rubric: z.array(RubricItem).default([]),
  reference: AgentScript.optional(),
  limits: Limits.optional(),
  origin: VerlOrigin.optional(),
});
export type Task = z.infer<typeof Task>;

export const DEFAULT_LIMITS = { maxTurns: 20, maxToolCalls: 50 } as const;

export function limitsOf(task: Task): { maxTurns: number; maxToolCalls: number } {
  return {
    maxTurns: task.limits?.maxTurns ?? DEFAULT_LIMITS.maxTurns,
    maxToolCalls: task.limits?.maxToolCalls ?? DEFAULT_LIMITS.maxToolCalls,
  };
}
