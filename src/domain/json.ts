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

/** Files deeper than this are refused before any recursive code (zod, JSONata) sees them. */
export const MAX_NESTING = 64;
