import { assertNever } from '../errors.js';
import { type AgentView, agentView } from './agent-view.js';
import type { Recording } from './recording.js';
import { headline, type RewardProfile } from './rewards.js';
import { passedUnder } from './score.js';
import type { Check, RubricItem, Task } from './task.js';
import { renderSystemPrompt, renderUserPrompt, type VerlFunction } from './verl-format.js';
import { criterionDetails, renderVerlRubric, type VerlRubricEntry } from './verl-rubric.js';
import { unchangedOrigin } from './verl-origin.js';

/** The export formats of `synthagent export --format`. */
export const EXPORT_FORMATS = ['chat-jsonl', 'verl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFilter {
  minScore?: number;
  passed: boolean;
  /** The reward `--min-score` and `--passed` read (default paper). */
  reward?: RewardProfile;
  /** Keep sessions with unjudged items even when filtering on the reward (`--include-unjudged`). */
  includeUnjudged?: boolean;
}

export type SkipReason = 'incomplete' | 'with unjudged items (no trustworthy reward; --include-unjudged keeps them)' | 'not passed' | 'below --min-score';

/**
 * Why a recording is left out of an export, or null to keep it. Unfinished sessions never make training
 * data; when filtering on the reward, a session with unjudged items has no trustworthy reward (SPEC §1).
 */
export function skipReason(rec: Recording, filter: ExportFilter): SkipReason | null {
  if (!rec.complete || rec.result === null) return 'incomplete';
  const profile = filter.reward ?? 'paper';
  const filtering = filter.passed || filter.minScore !== undefined;
  if (filtering && !filter.includeUnjudged && rec.result.unjudged.length > 0) return 'with unjudged items (no trustworthy reward; --include-unjudged keeps them)';
  if (filter.passed && !passedUnder(rec.result, profile)) return 'not passed';
  if (filter.minScore !== undefined && headline(rec.result, profile) < filter.minScore) return 'below --min-score';
  return null;
}

/** How the agent's view becomes chat messages and function tools (the model agent's own rendering, passed in). */
export interface ChatRendering<M, T> {
  messages: (view: AgentView) => M[];
  tools: (view: AgentView) => T[];
}

/**
 * One fine-tuning example in OpenAI's chat format, `{messages, tools}`, built from agentView() alone:
 * the policy, what the user said, what the agent said and called, and what the tools returned. A call
 * that never got a result (a session cut at the call limit) is left out, as the format requires.
 */
export function chatExample<M, T>(rec: Recording, render: ChatRendering<M, T>): { messages: M[]; tools: T[] } {
  const view = agentView(rec.task, rec.events);
  const answered = new Set(view.items.flatMap((i) => (i.kind === 'tool_result' ? [i.callId] : [])));
  const seen: AgentView = { ...view, items: view.items.filter((i) => i.kind !== 'tool_call' || answered.has(i.callId)) };
  return { messages: render.messages(seen), tools: render.tools(seen) };
}

/** A record in the seed paper's shape (what `import --from synthagent-verl` reads). */
export interface VerlExport {
  id: string;
  prompt: { role: 'system' | 'user'; content: string }[];
  /** null only when the record a task came from had none. */
  task_background: string | null;
  rubrics: string;
  extra_info: Record<string, unknown>;
}

/** A recording as a paper record: its task as the prompt and rubric, its result in `extra_info`. */
export function verlRecord(rec: Recording): VerlExport {
  const record = verlTaskRecord(rec.task);
  const result = rec.result ? { score: rec.result.score, passed: rec.result.passed, end: rec.result.end, sections: rec.result.sections, rewards: rec.result.rewards } : {};
  return { ...record, extra_info: { ...record.extra_info, recording: rec.id, ...result } };
}

/**
 * A task as a paper record. A task imported from one and not edited since gives that record back as
 * it was written (its id, prompt, background and rubric, byte for byte); any other is written from its fields.
 */
export function verlTaskRecord(task: Task): VerlExport {
  const extra_info = { title: task.title, domain: task.domain, ...(task.difficulty ? { difficulty: task.difficulty } : {}) };
  const origin = unchangedOrigin(task);
  if (origin) return { id: String(origin.id), prompt: origin.prompt as VerlExport['prompt'], task_background: origin.task_background, rubrics: origin.rubrics, extra_info };
  const functions = task.tools.map((t): VerlFunction => ({ name: t.name, description: t.description, parameters: t.parameters, ...(t.outputs ? { outputs: t.outputs } : {}) }));
  return {
    id: task.id,
    prompt: [
      { role: 'system', content: renderSystemPrompt(task.system, functions) },
      { role: 'user', content: renderUserPrompt(task.instruction) },
    ],
    task_background: taskBackground(task),
    rubrics: taskRubricMarkdown(task),
    extra_info,
  };
}

/** The task's rubric as the paper's three Markdown sections, written from its items (rule checks in words). */
export function taskRubricMarkdown(task: Task): string {
  const entries = (kind: RubricItem['kind']): VerlRubricEntry[] => task.rubric.filter((r) => r.kind === kind).map((r) => rubricEntry(task, r));
  return renderVerlRubric({ policy: entries('forbidden'), subgoals: entries('subgoal'), interactions: entries('interaction') });
}

/** The user's hidden context: the task's `background`, or one written from the full intent, persona and facts. */
export function taskBackground(task: Task): string {
  if (task.user.background?.trim()) return task.user.background;
  const facts = task.user.facts.map((f) => `- ${f.description}: ${String(f.value)}`);
  return [
    task.fullInstruction.trim() && `What you want: ${task.fullInstruction.trim()}`,
    task.user.persona && `How you talk: ${task.user.persona}`,
    facts.length > 0 && `What you know (give each only when asked):\n${facts.join('\n')}`,
  ]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .join('\n\n');
}

function rubricEntry(task: Task, item: RubricItem): VerlRubricEntry {
  const title = item.description.trim() || item.id;
  if (item.check.type === 'judge') return { title, body: criterionDetails(item.kind, title, item.check.criterion) };
  return { title, body: `- ${item.kind === 'forbidden' ? 'Violated' : 'Satisfied'} when: ${describeCheck(task, item.check)}` };
}

/** A rule check in words, for a reader (or a judge) who has only the transcript. */
export function describeCheck(task: Task, check: Check): string {
  const fact = (id: string): string => {
    const f = task.user.facts.find((x) => x.id === id);
    return f ? `the ${f.description} (${JSON.stringify(f.value)})` : `"${id}"`;
  };
  switch (check.type) {
    case 'tool_called':
      return `the agent calls \`${check.tool}\`${check.args ? ` with ${JSON.stringify(check.args)}` : ''}${check.ok === false ? '' : ' and the call succeeds'}`;
    case 'fact_elicited':
      return `the user gives ${fact(check.fact)} after the agent asks for it`;
    case 'acted_before_eliciting':
      return `the agent calls a tool with ${fact(check.fact)} before the user has given it`;
    case 'world':
      return `the final state satisfies the JSONata expression \`${check.query}\``;
    case 'said':
      return `the ${check.role ?? 'agent'} says something matching /${check.pattern}/i`;
    case 'asked_more_than':
      return `the agent asks the user more than ${check.n} questions`;
    case 'judge':
      return check.criterion;
    case 'any':
    case 'all':
      return `${check.type} of: ${check.of.map((c) => describeCheck(task, c)).join('; ')}`;
    default:
      return assertNever(check);
  }
}
