import { concreteValuesOnce, namesValue } from './fact-values.js';
import type { Fact, Task } from './task.js';
import { phraseSpans } from './text-match.js';

/**
 * Fact ids whose value appears in a user message (SPEC §1 `fact_elicited`): as written, or a number or
 * date in another of its common spellings (5000, 5,000, $5,000, 5000.00; 2026-04-23, April 23, 2026,
 * 23 April 2026, 4/23/2026, Apr 23 2026), whoever plays the user.
 */
export function detectReveals(task: Task, text: string): string[] {
  const found = concreteValuesOnce(text);
  return task.user.facts.filter((f) => namesValue(text, f.value, found)).map((f) => f.id);
}

/**
 * Facts one of whose aliases appears in an agent message, as a whole word or phrase. Where aliases of
 * two facts overlap, only the longer match counts: "return date" asks for the return date, not also
 * for a fact whose alias is "date".
 */
export function detectAsks(task: Task, text: string): Fact[] {
  const lower = text.toLowerCase();
  const matches = task.user.facts.map((f) => f.aliases.flatMap((a) => phraseSpans(text, a, lower)));
  const inside = (s: [number, number], t: [number, number]): boolean => t[0] <= s[0] && s[1] <= t[1] && t[1] - t[0] > s[1] - s[0];
  return task.user.facts.filter((_f, i) =>
    matches[i]!.some((span) => !matches.some((other, j) => j !== i && other.some((longer) => inside(span, longer)))),
  );
}
