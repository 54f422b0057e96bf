import { errorMessage } from '../errors.js';
import type { Result } from './result.js';

/** Plain JSON values as they appear in task files and recordings. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal values print equally (cache keys, hashes). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

/**
 * Equality used by mock `cases` and rubric `args`: deep, with strings trimmed and
 * compared case-insensitively (SPEC §1).
 */
export function looseEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.trim().toLowerCase() === b.trim().toLowerCase();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => looseEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && looseEqual(a[k], b[k]));
  }
  return a === b;
}

/** Strict deep equality of JSON values (key order ignored); cheaper than comparing their texts. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  // A key holding undefined is no key in JSON: count only the defined ones.
  let count = 0;
  for (const key of keys) {
    const v = x[key];
    if (v === undefined) continue;
    if (!jsonEqual(v, y[key]) || !Object.hasOwn(y, key)) return false;
    count++;
  }
  const others = Object.keys(y);
  if (others.length === count) return true;
  for (const key of others) if (y[key] === undefined) count++;
  return others.length === count;
}

/** True when every key of `pattern` equals the same key of `args` (partial match at the top level). */
export function matchesArgs(pattern: Record<string, unknown>, args: unknown): boolean {
  if (!isPlainObject(args)) return false;
  return Object.keys(pattern).every((k) => k in args && looseEqual(pattern[k], args[k]));
}

/**
 * The JSON in a model's answer: the whole text (without code fences) when it parses, else the outermost
 * `{…}` in it (models wrap JSON in prose). The error names what is wrong, for the model to fix.
 */
export function jsonInAnswer(text: string): Result<unknown> {
  const found = jsonIn(text);
  const deep = found.ok ? nestingProblem(found.value) : null;
  return deep ? { ok: false, error: `the answer is refused: ${deep}` } : found;
}

function jsonIn(text: string): Result<unknown> {
  const body = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  if (body === '') return { ok: false, error: 'the answer is empty; expected a JSON object' };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    const start = body.indexOf('{');
    const end = body.lastIndexOf('}');
    if (start > 0 && end > start) {
      try {
        return { ok: true, value: JSON.parse(body.slice(start, end + 1)) };
      } catch {
        // fall through: report the first error, on the whole answer
      }
    }
    return { ok: false, error: `the answer is not valid JSON (${errorMessage(err)})` };
  }
}

/**
 * The deepest a value may nest, each array and object counting one level: a task, a world, a tool call's
 * arguments, a tool result, a model's JSON answer. A deeper value is refused where it enters (a file in one
 * line; a call or an answer with an event the session goes on with), so every file the tool writes it can read
 * back, and no recursive code (zod, JSONata, JSON.stringify, whose own limit is about 4,000 levels) sees one.
 */
export const MAX_NESTING = 64;

/** What a value past MAX_NESTING is told, after the path of where it is (tooDeepAt). */
export const TOO_DEEP = `nested deeper than ${MAX_NESTING} levels`;

/** Deepest nesting of arrays and objects in a value, counted without recursion (hostile files nest 10,000 deep). */
export function nestingDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) max = d + 1;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return max;
}

/** Path segments shown of a value nested too deep (the rest is `…`): enough to find it, short enough for one line. */
const SHOWN_SEGMENTS = 6;

/**
 * Where `value` nests deeper than `limit` (without recursion): the path of the first array or object past
 * it, as `world.deep[0][0]…` (its first segments), `''` when that is the value itself; null when it does not.
 */
export function tooDeepAt(value: unknown, limit = MAX_NESTING): string | null {
  interface Node {
    v: unknown;
    depth: number;
    key: string | number;
    up: Node | null;
  }
  const stack: Node[] = [{ v: value, depth: 1, key: '', up: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.v === null || typeof node.v !== 'object') continue;
    if (node.depth > limit) {
      const path: (string | number)[] = [];
      for (let n: Node | null = node; n?.up; n = n.up) path.push(n.key);
      path.reverse();
      return formatPath(path.slice(0, SHOWN_SEGMENTS)) + (path.length > SHOWN_SEGMENTS ? '…' : '');
    }
    const entries: [string | number, unknown][] = Array.isArray(node.v) ? node.v.map((x, i) => [i, x]) : Object.entries(node.v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i]!;
      if (v !== null && typeof v === 'object') stack.push({ v, depth: node.depth + 1, key, up: node });
    }
  }
  return null;
}

/** `what: nested deeper than 64 levels`, naming where (tooDeepAt); null when `value` is within the limit. */
export function nestingProblem(value: unknown, limit = MAX_NESTING): string | null {
  // The common case, a value within the limit, is measured without keeping paths.
  if (nestingDepth(value, limit) <= limit) return null;
  const at = tooDeepAt(value, limit);
  return at === null ? null : `${at ? `${at}: ` : ''}${TOO_DEEP}`;
}

/**
 * JSON.stringify for a value of any depth: V8's own recursion ends at about 4,000 levels with a
 * RangeError. Deep values are written here without recursion (as JSON.stringify would write them).
 */
export function jsonText(value: unknown): string {
  if (nestingDepth(value, 1000) <= 1000) return JSON.stringify(value) ?? 'null';
  const out: string[] = [];
  // A string is text to write as it is; anything else in `{ value }` is a value to write.
  const stack: (string | { value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top === 'string') {
      out.push(top);
      continue;
    }
    const v = top.value;
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v) ?? 'null');
      continue;
    }
    const items: (string | { value: unknown })[] = [];
    if (Array.isArray(v)) {
      items.push('[');
      v.forEach((x, i) => items.push(...(i > 0 ? [','] : []), { value: x }));
      items.push(']');
    } else {
      items.push('{');
      const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
      entries.forEach(([k, x], i) => items.push(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`, { value: x }));
      items.push('}');
    }
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]!);
  }
  return out.join('');
}

/** A JSON path as `a.b[0].c` (zod issue paths, nesting problems). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
