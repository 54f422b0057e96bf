import { detectAsks } from './messages.js';
import type { Fact, Task } from './task.js';
import { namesValue, wrongValueNamed } from './fact-values.js';
import { isQuestion, questionSentences } from './text-match.js';

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
 * 1. Facts the message is about are answered, in task order:
 *    - a question naming a wrong value of a fact the user holds (one the task gives the fact's
 *      parameters elsewhere, or a code of the value's shape) is corrected: "No — my destination is Porto.";
 *    - facts not yet revealed whose aliases the message uses are revealed (their `answer`, or
 *      "My <description> is <value>."); where two facts' aliases overlap only the longer counts;
 *    - a question sentence naming the right value of a fact not yet revealed, without its alias,
 *      confirms it: "Yes — my destination is Porto." (a value named only in a statement before the
 *      question, as an agent that assumed it would, is not confirmed).
 *    Each of these reveals the fact.
 * 2. Otherwise a message that is not a question ends it: the user stops (a closing statement that
 *    names facts already given asks for nothing new).
 * 3. Otherwise a question asking for leave to act gets "Yes, please go ahead."
 * 4. Otherwise a question about facts already revealed gets them again (the user knows them).
 * 5. Otherwise "Sorry, I don't know that."
 */
export function simReply(task: Task, agentText: string, revealed: ReadonlySet<string> = new Set()): SimReply {
  const asked = detectAsks(task, agentText);
  const question = isQuestion(agentText);
  const questions = question ? questionSentences(agentText) : [];
  const said: string[] = [];
  for (const fact of task.user.facts) {
    const fresh = !revealed.has(fact.id) && asked.includes(fact);
    // A question that asks for a fact while mentioning some other value ("you leave on the 15th; which
    // date instead?") is answered, not contradicted; one that proposes a value is corrected.
    if (question && (!fresh || CONFIRMATION.test(agentText)) && wrongValueNamed(task, fact, agentText) !== null) said.push(`No — ${softStart(revealSentence(fact))}`);
    else if (revealed.has(fact.id)) continue;
    else if (fresh) said.push(revealSentence(fact));
    else if (questions.some((q) => namesValue(q, fact.value))) said.push(`Yes — ${softStart(revealSentence(fact))}`);
  }
  if (said.length > 0) return { type: 'say', text: said.join(' ') };
  if (!question) return { type: 'stop' };
  if (CONFIRMATION.test(agentText)) return { type: 'say', text: SIM_LINES.confirm };
  if (asked.length > 0) return { type: 'say', text: asked.map(revealSentence).join(' ') };
  return { type: 'say', text: SIM_LINES.unknown };
}

/** "My seat…" → "my seat…" after a dash; a sentence that starts with a name keeps its capital. */
function softStart(sentence: string): string {
  return /^(My|It's|It|Its|The|A|An|That|This|To|From|At|On|In|For|Please|Just)\b/.test(sentence) ? sentence[0]!.toLowerCase() + sentence.slice(1) : sentence;
}

export function revealSentence(fact: Fact): string {
  if (fact.answer !== undefined) return fact.answer;
  const description = fact.description.replace(/\.$/, '');
  return `My ${description} is ${String(fact.value)}.`;
}
