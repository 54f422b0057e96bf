import type { Fact, Task } from './task.js';
import { containsPhrase, valueAppears } from './text-match.js';

/** Fact ids whose value appears in a user message (SPEC §1 `fact_elicited`). */
export function detectReveals(task: Task, text: string): string[] {
  const lower = text.toLowerCase();
  return task.user.facts.filter((f) => valueAppears(text, f.value, lower)).map((f) => f.id);
}

/** Facts one of whose aliases appears in an agent message, as a whole word or phrase. */
export function detectAsks(task: Task, text: string): Fact[] {
  const lower = text.toLowerCase();
  return task.user.facts.filter((f) => f.aliases.some((a) => containsPhrase(text, a, lower)));
}
