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
  const key = `${source}\u0000${JSON.stringify(input)}`;
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

function jsonataMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'D1012') return `JSONata took longer than ${JSONATA_LIMITS.timeout} ms (infinite loop?)`;
  if (e?.code === 'D1011') return `JSONata recursed deeper than ${JSONATA_LIMITS.stack}`;
  return errorMessage(err);
}
