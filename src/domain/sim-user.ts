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
 * The rule user simulator (SPEC §3). Deterministic: a function of the task and the agent's message.
 * 1. Facts whose aliases the message uses are revealed, in task order (their `answer`, or
 *    "My <description> is <value>.").
 * 2. Otherwise a question asking for leave to act gets "Yes, please go ahead."
 * 3. Otherwise a question gets "Sorry, I don't know that."
 * 4. Otherwise (not a question, asks for nothing) the user stops.
 */
export function simReply(task: Task, agentText: string): SimReply {
  const asked = detectAsks(task, agentText);
  if (asked.length > 0) return { type: 'say', text: asked.map(revealSentence).join(' ') };
  if (!isQuestion(agentText)) return { type: 'stop' };
  return { type: 'say', text: CONFIRMATION.test(agentText) ? SIM_LINES.confirm : SIM_LINES.unknown };
}

export function revealSentence(fact: Fact): string {
  if (fact.answer !== undefined) return fact.answer;
  const description = fact.description.replace(/\.$/, '');
  return `My ${description} is ${String(fact.value)}.`;
}
