/**
 * What the teacher model is told at each step of the seed paper's pipeline: a task from a persona, the
 * ambiguity rewrite, the tool check, the rubric, a reference solution, and (when the checks fail) a repair.
 * Pure text builders: the answers' shapes are fixed by the JSON Schemas in teacher-steps.ts.
 */
import type { Task } from '../domain/task.js';

/** Domains rotated through when `--domain` is not given (those of the bundled tasks). */
export const DEFAULT_DOMAINS = ['travel', 'retail', 'finance', 'health', 'it-support'] as const;

/** Who the task is for; the task at index i gets persona i mod length, so a run is reproducible. */
export const PERSONAS = [
  'A nurse working night shifts who has little time and writes short messages.',
  'A retired teacher who is careful, polite and not very confident with technology.',
  'A freelance photographer who travels often and juggles many bookings.',
  'A university student on a tight budget who double-checks every cost.',
  'A small-business owner who handles orders, payments and suppliers alone.',
  'A parent of two young children organising things between school runs.',
  'A software engineer who is precise and expects exact answers.',
  'A recent immigrant who writes simple English and prefers clear steps.',
] as const;

export const TEACHER_SYSTEM = [
  'You are a teacher model that synthesizes training tasks for tool-using support agents, following the SynthAgent recipe:',
  'an underspecified user request, private facts only the user knows, mock tools over a small world, and a rubric.',
  'Each message asks for one step. Reply with ONE JSON object that matches the JSON Schema of the step — no prose, no code fences.',
].join(' ');

const MOCK_GUIDE = `Mock tools (field "mock") answer deterministically, first match wins:
- "cases": [{"when": {param: value}, "result": …} or {"when": …, "error": "…"}] — "when" matches when every listed argument equals (strings trimmed, case-insensitive);
- "query": a JSONata expression over {"args": …, "world": …} whose value is the result (inside a predicate use $$.args.x, e.g. world.orders[id=$$.args.order_id]); a value {"error": "…"} is an error result; "update": a JSONata expression over the same input whose value is the new world (e.g. world ~> | orders[id=$$.args.order_id] | {"status": "cancelled"} |);
- "simulate": true — only for tools with no state; ALWAYS give a "default" with it, because the checks run without a model;
- "default": {"result": …} or {"error": "…"}.
Never use $now(), $millis() or $random(). Give every tool an "outputs" JSON Schema of its result.`;

const EXAMPLE_TOOL = JSON.stringify({
  name: 'get_booking',
  description: 'Look up a booking by its reference.',
  parameters: { type: 'object', properties: { booking_id: { type: 'string' } }, required: ['booking_id'], additionalProperties: false },
  outputs: { type: 'object', properties: { id: { type: 'string' }, flight_id: { type: 'string' } } },
  mock: { query: '$exists(world.bookings[id=$$.args.booking_id]) ? world.bookings[id=$$.args.booking_id] : {"error": "booking not found"}' },
});

const SIM_RULES = `The simulated user is a rule simulator:
1. when an agent message contains one of a fact's aliases (case-insensitive, whole word or phrase), the user reveals that fact (its "answer", or "My <description> is <value>.");
2. otherwise a question asking leave to act ("shall I", "should I", "can I", "is that ok", "proceed", "confirm") gets "Yes, please go ahead.";
3. otherwise a question gets "Sorry, I don't know that.";
4. otherwise (a statement that asks for nothing) the user leaves and the session ends.
Tools answer from their mocks only (a "simulate" tool answers its "default").`;

const marker = (name: string, n: number): string => `[synthagent step: ${name} (${n} of 5)]`;

/** The draft as the teacher sees it: everything but the bookkeeping fields. */
export function draftJson(task: Task, drop: readonly (keyof Task)[] = []): string {
  const shown: Record<string, unknown> = { ...task };
  for (const key of ['format', 'id', '$schema', ...drop]) delete shown[key];
  return JSON.stringify(shown);
}

export function taskPrompt(domain: string, persona: string): string {
  return `${marker('task', 1)}
Domain: ${domain}
Persona: ${persona}

Invent one realistic request this person would bring to a ${domain} support agent, solvable in 2 to 5 tool calls.
Return:
- "title": a short title; "difficulty": easy, medium or hard;
- "system": a short policy for the agent (what it must not do, what it must confirm);
- "fullInstruction": the fully specified request, with every concrete value the agent will need (ids, dates, names, preferences);
- "tools": the tools the agent needs (name, description, "parameters" as a JSON Schema object with "required" and "additionalProperties": false, "outputs", "mock");
- "world": the initial state the tools read and change (records with ids), when the domain has state.
${MOCK_GUIDE}
Example tool: ${EXAMPLE_TOOL}`;
}

export function ambiguityPrompt(task: Task): string {
  return `${marker('ambiguity', 2)}
Make this task underspecified. Rewrite "fullInstruction" into "instruction": the user's opening message, natural and short,
that leaves out 2 or 3 details the agent cannot find with the tools and must ask for. It must not contain any of those values.
Each detail left out becomes a fact in "facts": {"id", "description", "value" (exactly as a tool argument will carry it),
"aliases" (words an agent would use when asking for it, e.g. "booking", "reference"), "params" (the "tool.param" names it fills),
"answer" (the user's sentence revealing it; must contain the value)}. Also give "persona" (how the user talks) and optionally
"background" (other context). Keep "fullInstruction" (you may refine it). If "system" contains a fact's value, return a
corrected "system" too.

Task:
${draftJson(task, ['rubric', 'reference'])}`;
}

export function toolCheckPrompt(task: Task): string {
  return `${marker('tools', 3)}
Check the tools of this task. In "drop", name each tool the agent could do just as well itself without a tool (arithmetic,
formatting, unit or date conversion, summarising) with a reason — never one that reads or changes the world or takes a fact.
In "distractors", add 1 or 2 plausible tools of the same domain that this task does NOT need (for example one that cancels or
deletes instead of changing), each with parameters, outputs and a mock (a "default" result is enough). Names must be new.
${MOCK_GUIDE}

Task:
${draftJson(task, ['rubric', 'reference'])}`;
}

export function rubricPrompt(task: Task): string {
  return `${marker('rubric', 4)}
Write the rubric of this task: a list of {"id" (kebab-case), "kind", "description", "weight"?, "check"}.
- "interaction": one {"type": "fact_elicited", "fact": id} per fact;
- "subgoal": what a correct solution does — {"type": "tool_called", "tool", "args" (the key arguments, exact values)},
  {"type": "world", "query": JSONata over {"world": …} true on the final world} when the world changes,
  {"type": "said", "pattern": regex} for what the agent must tell the user;
- "forbidden": {"type": "acted_before_eliciting", "fact": id} for every fact with "params", and harmful calls such as a
  distractor that destroys something ({"type": "tool_called", "tool": name, "ok": false}).
Only use tools, parameters and facts that exist in the task.

Task:
${draftJson(task, ['reference'])}`;
}

export function referencePrompt(task: Task): string {
  return `${marker('reference', 5)}
Write "reference": an agent script that solves this task perfectly (score 1: every subgoal and interaction item, no forbidden
item). Steps: {"say": text} (a message to the user; the user answers), {"call": tool, "args": {…}} (a tool call), {"finish": text}
(ends the session). Ask for each fact before using it in a call, using one of its aliases; use exact values; end with "finish".
${SIM_RULES}

Task:
${draftJson(task)}`;
}

export function repairPrompt(task: Task, problems: readonly string[], transcript: string | null): string {
  return `[synthagent step: repair]
This synthesized task failed its checks. Return the whole corrected task as one JSON object (title, difficulty, system,
instruction, fullInstruction, user, tools, world, rubric, reference, limits), fixing every problem below. Keep the intent.
The instruction must not contain a fact's value; the reference must reach score 1 against the rule simulator.
${SIM_RULES}

Problems:
${problems.map((p) => `- ${p}`).join('\n')}
${transcript ? `\nTranscript of the reference against the simulated user:\n${transcript}\n` : ''}
Task:
${draftJson(task)}`;
}

export function retryPrompt(step: string, error: string): string {
  return `Your answer for step "${step}" was rejected: ${error}\nReply again with the whole corrected JSON object.`;
}
