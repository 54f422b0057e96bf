import type { Via } from './events.js';
import { canonicalJson, isPlainObject, jsonEqual, jsonText, matchesArgs, nestingProblem } from './json.js';
import { errorMessage, StoppedError } from '../errors.js';
import { checkArgs, compileJsonSchema, describeIssues } from './json-schema.js';
import type { EvaluateJsonata } from './jsonata-eval.js';
import type { Task, Tool } from './task.js';

/** What a tool call returned, and which rule of SPEC §1 produced it. */
export type ToolOutcome =
  | { ok: true; result: unknown; via: Via; world?: Record<string, unknown> }
  | { ok: false; error: unknown; via: Via };

/** Answers `simulate: true` tools (a model, or a cache of its earlier answers). Absent: falls through. */
export type ToolSimulator = (request: {
  task: Task;
  tool: Tool;
  args: unknown;
  world: Record<string, unknown>;
  /** Earlier calls of this session and what they returned (the paper's task-level mapping). */
  earlier: readonly EarlierCall[];
}) => Promise<{ ok: true; result: unknown } | { ok: false; error: unknown } | null>;

export interface EarlierCall {
  tool: string;
  args: unknown;
  ok: boolean;
  result?: unknown;
  error?: unknown;
}

export interface ToolCallInput {
  task: Task;
  world: Record<string, unknown>;
  tool: string;
  args: unknown;
  simulate?: ToolSimulator;
  earlier?: readonly EarlierCall[];
  /** Runs the mock's query and update (the sandbox: src/adapters/jsonata-sandbox.ts). */
  evaluate: EvaluateJsonata;
}

/**
 * Resolves a mock tool call (SPEC §1): invalid → cases → query/update → simulate → default → error.
 * Pure apart from the optional simulator (and the evaluator's limits): the same task, world and call always give the same outcome.
 */
export async function resolveToolCall({ task, world, tool: name, args, simulate, earlier = [], evaluate }: ToolCallInput): Promise<ToolOutcome> {
  const tool = task.tools.find((t) => t.name === name);
  if (!tool) return { ok: false, error: `unknown tool "${name}"`, via: 'unknown_tool' };
  // Arguments that are not JSON, or nest too deep to keep as a value, are kept as the text they were (loggedArgs).
  const deep = nestingProblem(typeof args === 'string' ? jsonOrNull(args) : args);
  if (deep) return { ok: false, error: `invalid arguments for ${name}: ${deep}`, via: 'invalid' };
  if (typeof args === 'string') return { ok: false, error: `arguments for ${name} are not valid JSON: ${args.slice(0, 200)}`, via: 'invalid' };

  const invalid = checkArgs(tool.parameters, args);
  if (invalid !== null) return { ok: false, error: `invalid arguments for ${name}: ${invalid}`, via: 'invalid' };

  const { mock } = tool;
  for (const c of mock.cases ?? []) {
    if (!matchesArgs(c.when, args)) continue;
    return 'error' in c ? { ok: false, error: c.error, via: 'case' } : { ok: true, result: c.result, via: 'case' };
  }

  if (mock.query !== undefined) {
    const input = { args, world };
    const out = await evaluate(mock.query, input);
    if (!out.ok) return { ok: false, error: `${name}: query failed: ${out.error}`, via: 'query' };
    if (isErrorShape(out.value)) return { ok: false, error: out.value.error, via: 'query' };
    if (mock.update === undefined) return { ok: true, result: out.value, via: 'query' };
    const next = await evaluate(mock.update, input);
    if (!next.ok) return { ok: false, error: `${name}: update failed: ${next.error}`, via: 'query' };
    if (!isPlainObject(next.value)) {
      return { ok: false, error: `${name}: update must give an object (the new world)`, via: 'query' };
    }
    const changed = !jsonEqual(next.value, world);
    return changed ? { ok: true, result: out.value, via: 'query', world: next.value } : { ok: true, result: out.value, via: 'query' };
  }

  if (mock.simulate && simulate) {
    let simulated: Awaited<ReturnType<ToolSimulator>>;
    try {
      simulated = await simulate({ task, tool, args, world, earlier });
    } catch (err) {
      if (err instanceof StoppedError) throw err;
      // The tool model failed (down, timed out, gave up): this call fails, the session goes on.
      return { ok: false, error: `${name}: the tool simulator failed: ${errorMessage(err)}`, via: 'simulate' };
    }
    if (simulated) {
      // A model's or a person's answer, or a cache file's: as deep as any value a session holds, or refused.
      const deep = nestingProblem(simulated.ok ? simulated.result : simulated.error);
      if (deep) return { ok: false, error: `${name}: the simulated ${simulated.ok ? 'result' : 'error'} is refused: ${deep}`, via: 'simulate' };
      return simulated.ok ? { ...simulated, via: 'simulate' } : { ...simulated, via: 'simulate' };
    }
  }

  if (mock.default) {
    return 'error' in mock.default
      ? { ok: false, error: mock.default.error, via: 'default' }
      : { ok: true, result: mock.default.result, via: 'default' };
  }
  return { ok: false, error: `no mock response for ${name}(${canonicalJson(args)})`, via: 'default' };
}

/**
 * A tool call's arguments as the log keeps them. Arguments nested deeper than MAX_NESTING, from any agent (a
 * model, a person, a script, an outside client), are kept as their JSON text, as arguments that are not JSON
 * are: the recording stays readable, and resolveToolCall answers them as invalid, naming where.
 */
export function loggedArgs(args: unknown): unknown {
  return typeof args !== 'string' && nestingProblem(args) ? jsonText(args) : args;
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A query whose value is exactly `{"error": …}` reports an error (as the example task's lookups do). */
function isErrorShape(value: unknown): value is { error: unknown } {
  return isPlainObject(value) && Object.keys(value).length === 1 && 'error' in value;
}

/** Why `result` does not match the tool's `outputs` schema, or null when it does (or the tool has none). */
export function outputsProblem(tool: Tool, result: unknown): string | null {
  if (!tool.outputs) return null;
  const outputs = compileJsonSchema(tool.outputs);
  if (!outputs.ok) return null;
  const checked = outputs.schema.safeParse(result);
  return checked.success ? null : `result does not match outputs: ${describeIssues(checked.error.issues)}`;
}
