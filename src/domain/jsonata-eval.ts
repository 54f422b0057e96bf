import jsonata from 'jsonata';
import { errorMessage } from '../errors.js';

/** Bounds on one evaluation, so a task's expression can't loop, recurse or grow forever. */
export const JSONATA_LIMITS = { timeout: 1000, stack: 500, sequence: 100_000 } as const;

/** Functions whose value changes run to run; tasks may not use them (mock results must be stable). */
export const NONDETERMINISTIC_FUNCTIONS = ['$now', '$millis', '$random'] as const;

export type CompileResult = { ok: true; expression: jsonata.Expression } | { ok: false; error: string };

const compiled = new Map<string, CompileResult>();

/** Parses an expression once; later calls reuse it (each evaluation gets its own limits). */
export function compileJsonata(source: string): CompileResult {
  let hit = compiled.get(source);
  if (!hit) {
    try {
      hit = { ok: true, expression: jsonata(source, { ...JSONATA_LIMITS }) };
    } catch (err) {
      hit = { ok: false, error: errorMessage(err) };
    }
    if (compiled.size > 5000) compiled.clear();
    compiled.set(source, hit);
  }
  return hit;
}

export type EvalResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Recent results by (expression, input). Task expressions are pure — validation refuses $now, $millis
 * and $random — so the same expression over the same input always has the same value; replaying many
 * recordings of one task repeats the same calls. Only successes are kept (a timeout depends on load).
 */
const results = new Map<string, string>();
const MAX_RESULTS = 20_000;
const MAX_KEY = 64 * 1024;

/** Evaluates `source` over `input` within JSONATA_LIMITS. Never throws. */
export async function evaluateJsonata(source: string, input: unknown): Promise<EvalResult> {
  const c = compileJsonata(source);
  if (!c.ok) return { ok: false, error: `invalid JSONata: ${c.error}` };
  const key = `${source}\u0000${inputKey(input)}`;
  const known = key.length <= MAX_KEY ? results.get(key) : undefined;
  if (known !== undefined) return { ok: true, value: JSON.parse(known) as unknown };
  try {
    const value: unknown = await c.expression.evaluate(input);
    const text = value === undefined || typeof value === 'function' ? 'null' : JSON.stringify(value);
    if (key.length <= MAX_KEY) {
      if (results.size >= MAX_RESULTS) results.clear();
      results.set(key, text);
    }
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: jsonataMessage(err) };
  }
}

/**
 * The input as a short cache key. A long object-valued field (a world) stands as a number for its
 * JSON text: equal texts share a number, and an object's text is written once, so a session's world,
 * one object until a call changes it, is written and hashed once, not once per call. Worlds, like all
 * session state, are never changed in place.
 */
function inputKey(input: unknown): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return JSON.stringify(input) ?? 'undefined';
  let key = '';
  for (const [name, value] of Object.entries(input)) key += `${name}\u0001${typeof value === 'object' && value !== null ? objectKey(value) : JSON.stringify(value)}\u0002`;
  return key;
}

const numbers = new WeakMap<object, string>();
const numberOfText = new Map<string, string>();
const MAX_TEXTS = 2000;
/** Texts up to this long (a call's arguments) are their own key: numbering them costs more than it saves. */
const SHORT_TEXT = 256;
let lastNumber = 0;

/** An object's JSON text, or `#n` standing for a long one. */
function objectKey(value: object): string {
  let key = numbers.get(value);
  if (key === undefined) {
    const text = JSON.stringify(value);
    if (text.length <= SHORT_TEXT) return text;
    key = numberOfText.get(text);
    if (key === undefined) {
      // Numbers are never reused, so clearing the table only loses sharing, never mixes up texts.
      if (numberOfText.size >= MAX_TEXTS) numberOfText.clear();
      key = `#${++lastNumber}`;
      numberOfText.set(text, key);
    }
    numbers.set(value, key);
  }
  return key;
}

function jsonataMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'D1012') return `JSONata took longer than ${JSONATA_LIMITS.timeout} ms (infinite loop?)`;
  if (e?.code === 'D1011') return `JSONata recursed deeper than ${JSONATA_LIMITS.stack}`;
  return errorMessage(err);
}
