import { z } from 'zod';
import { shownFlagValue, UserError } from './errors.js';

/**
 * The flags of each command as one zod schema: parseArgs splits the command line, the schema checks every
 * value and gives the command typed flags. A bad value is always one line of the same shape:
 * `COMMAND: --FLAG VALUE: must be RULE`. Numbers are decimal only (no `0x10`, `1e3`, `Infinity`), within
 * bounds a run can live with.
 */

/** Node's timers hold at most 2^31 - 1 ms; a longer wait fires at once. */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

const text = z.string().optional();
const flag = z.boolean().optional();

/** A whole number from `min` to `max`, written in decimal digits. */
export function wholeNumber(min: number, max: number) {
  return z
    .string()
    .refine((t) => /^\d{1,15}$/.test(t) && Number(t) >= min && Number(t) <= max, { message: `a whole number from ${min} to ${max}` })
    .transform(Number);
}

/** A decimal number (`0.5`, `12`, `.5`) with `ok` its bound, said as `rule`. */
export function decimal(rule: string, ok: (n: number) => boolean) {
  return z
    .string()
    .refine((t) => /^(\d{1,15}(\.\d*)?|\.\d+)$/.test(t) && ok(Number(t)), { message: rule })
    .transform(Number);
}

/** One of a few words, said as `a or b`. */
export function oneOf<T extends string>(values: readonly T[]) {
  return z.string().refine((t): t is T => (values as readonly string[]).includes(t), { message: values.join(' or ') }) as unknown as z.ZodType<T, string>;
}

/** `--reward`: the headline reward (SPEC §1 "Reward profiles"). */
const reward = oneOf(['paper', 'released'] as const).optional();

/** Every model role's flags (run, play, view, synth). */
export const ModelFlagsSchema = z.object({
  'judge-mode': oneOf(['item', 'whole'] as const).optional(),
  prompts: oneOf(['ours', 'paper'] as const).optional(),
  'tool-temperature': decimal('a number from 0 to 2', (n) => n >= 0 && n <= 2).optional(),
  model: text,
  'base-url': text,
  'agent-model': text,
  'user-model': text,
  'judge-model': text,
  'tool-model': text,
  timeout: decimal(`a number of seconds > 0 and at most ${MAX_TIMER_SECONDS}`, (n) => n > 0 && n <= MAX_TIMER_SECONDS).optional(),
  retries: wholeNumber(0, 100).optional(),
  cache: flag,
});

export const PlayFlagsSchema = ModelFlagsSchema.extend({ task: text, agent: text, user: text, from: text, at: text, reward });

export const RunFlagsSchema = PlayFlagsSchema.extend({
  json: flag,
  brief: flag,
  record: text,
  'no-record': flag,
  tasks: text,
  trials: wholeNumber(1, 1000).optional(),
  concurrency: wholeNumber(1, 64).optional(),
  out: text,
});

/** `play` alone takes --port (its MCP endpoint for --agent mcp), and a person may answer simulated tools and judge (--tools, --judge); run shares the rest. */
export const PlayCommandFlagsSchema = PlayFlagsSchema.extend({ port: wholeNumber(0, 65535).optional(), tools: text, judge: text, pace: wholeNumber(0, 60_000).optional() });

export const ViewFlagsSchema = ModelFlagsSchema.extend({ agent: text, user: text });
export const ReplayFlagsSchema = z.object({ check: flag, update: flag, json: flag });
export const RescoreFlagsSchema = z.object({ write: flag, json: flag, reward });
export const ShowFlagsSchema = z.object({ format: text, brief: flag });
export const NoFlagsSchema = z.object({});
export const JsonFlagsSchema = z.object({ json: flag });
export const SynthFlagsSchema = ModelFlagsSchema.extend({
  offline: flag,
  seed: text,
  n: wholeNumber(1, 10_000).optional(),
  out: text,
  domain: text,
  json: flag,
});
export const ImportFlagsSchema = z.object({ from: text, out: text, force: flag });
export const AuditFlagsSchema = z.object({
  json: flag,
  'fail-on': text,
  'judge-model': text,
  'base-url': text,
  timeout: ModelFlagsSchema.shape.timeout,
  retries: ModelFlagsSchema.shape.retries,
});
export const ExportFlagsSchema = z.object({
  format: text,
  'min-score': decimal('a number from 0 to 1', (n) => n >= 0 && n <= 1).optional(),
  passed: flag,
  out: text,
  reward,
  'include-unjudged': flag,
});

export const ServeFlagsSchema = ModelFlagsSchema.extend({
  task: text,
  tasks: text,
  mcp: oneOf(['stdio', 'http'] as const).optional(),
  http: flag,
  port: wholeNumber(0, 65535).optional(),
  host: text,
  user: text,
  token: text,
  idle: wholeNumber(1, MAX_TIMER_SECONDS).optional(),
  'max-sessions': wholeNumber(1, 100_000).optional(),
  reward,
});

export type FlagSchema = z.ZodObject<Record<string, z.ZodType>>;

const SHORT: Record<string, string> = { model: 'm', task: 't' };

/** parseArgs's options for a schema: a flag that takes `true` is a switch, any other takes a value. */
export function parseArgsOptions(schema: FlagSchema): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([name, type]) => [name, { type: type.safeParse(true).success ? 'boolean' : 'string', ...(SHORT[name] ? { short: SHORT[name] } : {}) }]),
  );
}

/** The flags checked against the schema, or the one line that says which value is wrong and what it must be. */
export function checkFlags<S extends FlagSchema>(command: string, schema: S, values: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0]);
  throw new UserError(`${command}: --${name} ${shownFlagValue(values[name])}: must be ${issue.message}`);
}
