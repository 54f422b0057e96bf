import { RE2JS } from 're2js';
import { memos } from './memo.js';

/**
 * Regular expressions a task brings (`said` patterns, JSON Schema `pattern`s) run on RE2's linear-time
 * engine (re2js, pure JavaScript): JavaScript's own engine backtracks, and a pattern like `^(a|a?)+$`
 * hangs it on a short input with no way to stop it mid-match. RE2 has no lookaround and no
 * backreferences; such a pattern is refused with a clear message instead.
 */
export interface TextPattern {
  /** Whether the pattern occurs anywhere in `text` (not anchored, like RegExp#test). */
  test(text: string): boolean;
}

export type PatternCompile = { ok: true; pattern: TextPattern } | { ok: false; error: string };

const cache = memos.table<string, PatternCompile>('linear-regexp.patterns', 10_000);

/** Compiles `source` for linear-time matching (case-insensitive when asked), remembered per source. */
export function linearPattern(source: string, ignoreCase = false): PatternCompile {
  const key = `${ignoreCase ? 'i' : '-'}${source}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = compile(source, ignoreCase);
    cache.set(key, hit);
  }
  return hit;
}

function compile(source: string, ignoreCase: boolean): PatternCompile {
  let native: RegExp;
  try {
    // A pattern JavaScript refuses is invalid whatever RE2 thinks of it (the task format says ECMA-262).
    native = new RegExp(source, ignoreCase ? 'i' : '');
  } catch (err) {
    return { ok: false, error: `bad regular expression ${JSON.stringify(source)}: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}` };
  }
  // Without a quantifier, an alternation, a group or an escape there is nothing to backtrack over
  // (a match is at most as long as the pattern): JavaScript's own engine, many times faster, is safe.
  if (!/[*+?{}|()\\]/.test(source)) return { ok: true, pattern: { test: (text) => native.test(text) } };
  try {
    const re = RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    return { ok: true, pattern: { test: (text) => re.test(text) } };
  } catch (err) {
    const why = (err as Error).message.replace(/^error parsing regexp: /, '');
    return { ok: false, error: `regular expression ${JSON.stringify(source)} not supported (${why}): synthagent matches in linear time, without lookaround or backreferences` };
  }
}
