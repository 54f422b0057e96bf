import type jsonata from 'jsonata';
import { compileJsonata } from './jsonata-eval.js';
import { memos } from './memo.js';

/**
 * The JSONata a task writes is evaluated in a child process (adapters/jsonata-sandbox.ts), bounded by a
 * heap cap and a hard deadline. That costs an inter-process round trip per new (expression, input) —
 * most of a replay's time. An expression of the plain kind tasks are made of (paths, filters, `:=`,
 * conditions, constructors, transforms, a short list of linear built-ins) over a small input is
 * evaluated here instead, because every way it could run long or grow big is excluded or metered:
 *
 * - Statically refused (such an expression goes to the child): function definitions and partial
 *   application (so no recursion, no loops), regular expressions, the range operator `..`, sort, group,
 *   parent, focus and index bindings, and every function but the ones in INLINE_FUNCTIONS, called by
 *   their own names (never rebound). Banned functions ($eval, $now, …) are not among them.
 * - Metered: every step's value is charged its size (string length; a new array or object the expanded
 *   size of its contents, a reference into the input nothing). A step of the allowed kinds allocates
 *   and works at most in proportion to its arguments and its value, so once the charges pass
 *   INLINE_BUDGET the evaluation stops — and the child decides. JSONata's own `timeout` (checked at every
 *   step) bounds the time, as in the child.
 * - A few built-ins whose cost is a product of their arguments (`$contains`, `$substringBefore`,
 *   `$substringAfter`: a search; `$toMillis`: a date parse) take a short second argument only.
 *
 * Any error, or a value over the size limit, goes to the child too, so the message and the outcome are
 * the child's: a value the child would give is the value given here (the same JSONata, the same limits,
 * the value passed through JSON text as the child passes it).
 */

/** Built-ins evaluated in-process: linear in their arguments, taking no functions, no regular expressions. */
const INLINE_FUNCTIONS = new Set([
  'exists', 'count', 'not', 'boolean', 'uppercase', 'lowercase', 'trim', 'number', 'length', 'sum', 'max', 'min',
  'average', 'abs', 'floor', 'ceil', 'round', 'substring', 'keys', 'lookup', 'type', 'append', 'merge', 'string',
  'reverse', 'contains', 'substringBefore', 'substringAfter', 'toMillis',
]);

/** Functions taking exactly `args` arguments, the one at `short` at most SHORT_ARG characters. */
const GUARDED: Record<string, { args: number; short: number }> = {
  contains: { args: 2, short: 1 },
  substringBefore: { args: 2, short: 1 },
  substringAfter: { args: 2, short: 1 },
  toMillis: { args: 1, short: 0 },
};

const SHORT_ARG = 256;

/** Node types of the inline kind (lambda, partial, regex, sort, parent … are not). */
const INLINE_NODES = new Set(['path', 'binary', 'unary', 'name', 'string', 'number', 'value', 'wildcard', 'descendant', 'condition', 'block', 'bind', 'function', 'variable', 'apply', 'transform', 'filter']);

/** Node properties that bind or group (focus `@`, index `#`, grouping `{}` after a path, parent `%`). */
const REFUSED_PROPERTIES = ['focus', 'index', 'tuple', 'group', 'ancestor', 'seekingParent'];

/** Units (characters, elements, keys) one inline evaluation may produce in all its steps. */
export const INLINE_BUDGET = 1_000_000;

/** Inputs larger than this (expanded, in the same units) go to the child. */
export const INLINE_INPUT_LIMIT = 250_000;

/** The name the metering binding goes by: JSONata's syntax cannot reach it (a space). */
const METER = ' meter';

interface Plan {
  expression: jsonata.Expression;
  /** Argument nodes whose string value must be short. */
  shortArgs: WeakSet<object>;
}

const plans = memos.table<string, Plan | null>('jsonata-inline.plans', 5000);

/** Where an evaluation's frame keeps its meter. */
const METER_AT = Symbol('meter');

/** The part of a JSONata frame the meter reads. */
interface Frame {
  lookup(name: string): unknown;
  base: { [METER_AT]?: Meter | undefined };
}

/** Why a run stops here and goes to the child. */
class NotInline extends Error {}

type Node = Record<string, unknown> & { type?: unknown; value?: unknown };

/** The inline plan for `source`, or null when it is not of the inline kind. */
function planOf(source: string): Plan | null {
  let plan = plans.get(source);
  if (plan === undefined) {
    plan = analyse(source);
    plans.set(source, plan);
  }
  return plan;
}

function analyse(source: string): Plan | null {
  // The expression validation compiled (parsed once); nothing else evaluates it in this process.
  const compiled = compileJsonata(source);
  if (!compiled.ok) return null;
  const { expression } = compiled;
  const ast = expression.ast() as unknown as Node;
  const bound = new Set<string>();
  const used: string[] = [];
  const shortArgs = new WeakSet<object>();
  const walk = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.every(walk);
    if (typeof node !== 'object' || node === null) return true;
    const n = node as Node;
    if (typeof n.type === 'string') {
      if (!INLINE_NODES.has(n.type)) return false;
      if (REFUSED_PROPERTIES.some((p) => p in n)) return false;
      if (n.type === 'binary' && n.value === '..') return false;
      if (n.type === 'bind') {
        const lhs = n.lhs as Node;
        if (lhs?.type !== 'variable' || typeof lhs.value !== 'string') return false;
        bound.add(lhs.value);
        return walk(n.rhs);
      }
      if (n.type === 'function') {
        const proc = n.procedure as Node;
        const args = n.arguments as unknown[];
        if (proc?.type !== 'variable' || typeof proc.value !== 'string' || !INLINE_FUNCTIONS.has(proc.value) || !Array.isArray(args)) return false;
        const guard = GUARDED[proc.value];
        if (guard) {
          if (args.length !== guard.args) return false;
          shortArgs.add(args[guard.short] as object);
        }
        used.push(`call:${proc.value}`);
        return args.every(walk);
      }
      if (n.type === 'apply') {
        const rhs = n.rhs as Node;
        if (rhs?.type !== 'function' && rhs?.type !== 'transform') return false;
      }
      if (n.type === 'variable' && typeof n.value === 'string' && n.value !== '' && n.value !== '$') used.push(n.value);
    }
    for (const [key, child] of Object.entries(n)) {
      if (key === 'type' || key === 'value' || key === 'position') continue;
      if (!walk(child)) return false;
    }
    return true;
  };
  if (!walk(ast)) return null;
  // A variable is one the expression binds itself, never a built-in's name (no rebinding, no function values).
  for (const name of bound) if (INLINE_FUNCTIONS.has(name) || BUILTIN_NAMES.has(name)) return null;
  for (const name of used) if (!name.startsWith('call:') && !bound.has(name)) return null;
  const meter = (expr: object, _input: unknown, environment: Frame, result: unknown): void => {
    // The evaluation's own frame (`base`) keeps its meter at hand: looking it up walks the frames.
    const base = environment.base;
    const m = (base[METER_AT] ??= environment.lookup(METER) as Meter | undefined);
    if (!m) throw new Error('task JSONata is evaluated through the sandbox (adapters/jsonata-sandbox.ts), metered');
    if (shortArgs.has(expr) && typeof result === 'string' && result.length > SHORT_ARG) throw new NotInline('argument too long');
    m.charge(result);
  };
  expression.assign(Symbol.for('jsonata.__evaluate_exit') as unknown as string, meter);
  return { expression, shortArgs };
}

/** JSONata's function names: none of them may be bound by an inline expression. */
const BUILTIN_NAMES = new Set([
  'sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'substringBefore', 'substringAfter', 'lowercase', 'uppercase', 'length', 'trim', 'pad',
  'match', 'contains', 'replace', 'split', 'join', 'formatNumber', 'formatBase', 'formatInteger', 'parseInteger', 'number', 'floor', 'ceil', 'round', 'abs',
  'sqrt', 'power', 'random', 'boolean', 'not', 'map', 'zip', 'filter', 'single', 'reduce', 'sift', 'keys', 'lookup', 'append', 'exists', 'spread', 'merge',
  'reverse', 'each', 'error', 'assert', 'type', 'sort', 'shuffle', 'distinct', 'encodeUrlComponent', 'encodeUrl', 'decodeUrlComponent', 'decodeUrl', 'eval',
  'toMillis', 'fromMillis', 'clone', 'now', 'millis',
]);

/**
 * The expanded size of each object of an input, or null when the input is over `limit`. Measured per
 * evaluation into a plain Map that goes with it (a process-wide WeakMap of every input object made each
 * garbage collection slower: replay got slower after its first pass).
 */
function inputSizes(input: unknown, limit: number): Map<object, number> | null {
  const sizes = new Map<object, number>();
  const measure = (value: unknown): number => {
    if (typeof value === 'string') return value.length + 1;
    if (typeof value !== 'object' || value === null) return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    let total = 1;
    for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
      total += (typeof k === 'string' ? k.length : 0) + measure(v);
      if (total > limit) throw new NotInline('input too large');
    }
    sizes.set(value, total);
    return total;
  };
  try {
    measure(input);
  } catch (err) {
    if (err instanceof NotInline) return null;
    throw err;
  }
  return sizes;
}

/**
 * Charges each step's value against the budget: its expanded size, so a value holding the same part
 * many times pays for each (as writing it out would); a value that is a part of the input, nothing.
 */
class Meter {
  private spent = 0;

  /** `input`: the expanded size of each object of the input (a reference to one is free). */
  constructor(private readonly input: Map<object, number>) {}

  charge(value: unknown): void {
    if (typeof value === 'object' && value !== null && this.input.has(value)) return;
    this.spent += this.size(value);
    if (this.spent > INLINE_BUDGET) throw new NotInline('budget');
  }

  private size(value: unknown): number {
    if (typeof value === 'string') return value.length + 1;
    if (typeof value !== 'object' || value === null) return 1;
    const known = this.input.get(value);
    if (known !== undefined) return known;
    let total = 1;
    if (Array.isArray(value)) {
      for (const v of value) {
        total += this.size(v);
        if (this.spent + total > INLINE_BUDGET) throw new NotInline('budget');
      }
    } else {
      for (const k in value) {
        if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
        total += k.length + this.size((value as Record<string, unknown>)[k]);
        if (this.spent + total > INLINE_BUDGET) throw new NotInline('budget');
      }
    }
    return total;
  }
}

/**
 * Evaluates `source` over `input` in this process when it is of the inline kind (see above), giving
 * its value as JSON text; null when the child must do it (not of that kind, too large, or any error).
 */
export async function evaluateInline(source: string, input: unknown, maxChars: number): Promise<string | null> {
  const plan = planOf(source);
  if (!plan) return null;
  const sizes = inputSizes(input, INLINE_INPUT_LIMIT);
  if (!sizes) return null;
  const meter = new Meter(sizes);
  let value: unknown;
  try {
    value = await plan.expression.evaluate(input, { [METER]: meter });
  } catch {
    return null;
  }
  const text = value === undefined || typeof value === 'function' ? 'null' : JSON.stringify(value);
  return text.length > maxChars ? null : text;
}
