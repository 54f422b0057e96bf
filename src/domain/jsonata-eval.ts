import jsonata from 'jsonata';
import { errorMessage } from '../errors.js';
import { memos } from './memo.js';

/** Bounds on one evaluation, so a task's expression can't loop, recurse or grow forever. */
export const JSONATA_LIMITS = { timeout: 1000, stack: 500, sequence: 100_000 } as const;

/** Functions whose value changes run to run; tasks may not use them (mock results must be stable). */
export const NONDETERMINISTIC_FUNCTIONS = ['$now', '$millis', '$random', '$shuffle'] as const;

/** What a task's JSONata may not call: the above, and `$eval`, which would reach them from a string. */
export const BANNED_FUNCTIONS = [...NONDETERMINISTIC_FUNCTIONS, '$eval'] as const;

export type CompileResult = { ok: true; expression: jsonata.Expression } | { ok: false; error: string };

const compiled = memos.table<string, CompileResult>('jsonata.compiled', 5000);

/** Parses an expression once; later calls reuse it (each evaluation gets its own limits). */
export function compileJsonata(source: string): CompileResult {
  let hit = compiled.get(source);
  if (!hit) {
    try {
      hit = { ok: true, expression: jsonata(source, { ...JSONATA_LIMITS }) };
    } catch (err) {
      hit = { ok: false, error: errorMessage(err) };
    }
    compiled.set(source, hit);
  }
  return hit;
}

export type EvalResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Evaluates a task's JSONata over an input (src/adapters/jsonata-sandbox.ts does it, bounded). Never throws. */
export type EvaluateJsonata = (source: string, input: unknown) => Promise<EvalResult>;

/** An evaluation error as one line. */
export function jsonataMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'D1012') return `JSONata took longer than ${JSONATA_LIMITS.timeout} ms (infinite loop?)`;
  if (e?.code === 'D1011') return `JSONata recursed deeper than ${JSONATA_LIMITS.stack}`;
  return errorMessage(err);
}
