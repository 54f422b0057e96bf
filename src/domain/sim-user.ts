import { detectAsks } from './messages.js';
import type { Fact, Task } from './task.js';
import { isQuestion } from './text-match.js';

export type SimReply = { type: 'say'; text: string } | { type: 'stop' };

/** Sentences the simulator may say that hold no fact: fixed, so it never invents a value. */
export const SIM_LINES = {
  confirm: 'Yes, please go ahead.',
  unknown: "Sorry, I don't know that.",
} as const;

const CONFIRMATION = /\b(shall i|should i|can i|may i|do you want me to|would you like me to|is (?:that|this|it) (?:ok|okay|alright|fine)|go ahead|proceed|confirm)\b/i;

/**
 * The rule user simulator (SPEC §3). Deterministic: a function of the task, the agent's message and
 * the facts revealed so far.
 * 1. Facts not yet revealed whose aliases the message uses are revealed, in task order (their
 *    `answer`, or "My <description> is <value>.").
 * 2. Otherwise a message that is not a question ends it: the user stops (a closing statement that
 *    names facts already given asks for nothing new).
 * 3. Otherwise a question asking for leave to act gets "Yes, please go ahead."
 * 4. Otherwise a question about facts already revealed gets them again (the user knows them).
 * 5. Otherwise "Sorry, I don't know that."
 */
export function simReply(task: Task, agentText: string, revealed: ReadonlySet<string> = new Set()): SimReply {
  const asked = detectAsks(task, agentText);
  const fresh = asked.filter((f) => !revealed.has(f.id));
  if (fresh.length > 0) return { type: 'say', text: fresh.map(revealSentence).join(' ') };
  if (!isQuestion(agentText)) return { type: 'stop' };
  if (CONFIRMATION.test(agentText)) return { type: 'say', text: SIM_LINES.confirm };
  if (asked.length > 0) return { type: 'say', text: asked.map(revealSentence).join(' ') };
  return { type: 'say', text: SIM_LINES.unknown };
}

export function revealSentence(fact: Fact): string {
  if (fact.answer !== undefined) return fact.answer;
  const description = fact.description.replace(/\.$/, '');
  return `My ${description} is ${String(fact.value)}.`;
}
