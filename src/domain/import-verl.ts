import type { z } from 'zod';
import { knownFormatsOnly } from './json-schema.js';
import { formatPath, isPlainObject } from './json.js';
import { type RubricItem, type Task, TASK_FORMAT, type Tool } from './task.js';
import { taskFieldsHash } from './verl-origin.js';
import { validateTask } from './validate-task.js';
import type { Result } from './result.js';
import { parseSystemPrompt, parseUserPrompt, type VerlFunction, VerlRecord } from './verl-format.js';
import { entryCriterion, parseVerlRubric, type VerlItemKind, type VerlRubricEntry } from './verl-rubric.js';

/** What a simulated tool answers when no tool model is configured (the task stays playable, and says why). */
export const NO_TOOL_MODEL = 'simulated tool: no model configured (--tool-model M, or --tools human to answer it yourself)';

/** A record that did not import: its position in the file, its id if it had one, and why. */
export interface ImportProblem {
  index: number;
  id: string | null;
  message: string;
}

export interface VerlImport {
  /** Each imported task, with what the user should know about its record (a null background, leaked teacher text). */
  tasks: { index: number; task: Task; warnings: string[] }[];
  problems: ImportProblem[];
}

/**
 * The records of a file: a JSON array, one JSON object, or JSON lines (as `export --format verl` writes
 * to a `.jsonl` file). A line that is not JSON is a record that failed, not a failed file.
 */
export function splitVerlRecords(text: string): Result<Result<unknown>[]> {
  try {
    const raw = JSON.parse(text) as unknown;
    if (Array.isArray(raw)) return { ok: true, value: raw.map((value) => ({ ok: true, value })) };
    if (isPlainObject(raw)) return { ok: true, value: [{ ok: true, value: raw }] };
    return { ok: false, error: 'expected a JSON array of records' };
  } catch {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const records = lines.map((l): Result<unknown> => {
      try {
        return { ok: true, value: JSON.parse(l) as unknown };
      } catch {
        return { ok: false, error: 'not JSON' };
      }
    });
    if (records.some((r) => r.ok)) return { ok: true, value: records };
    return { ok: false, error: text.trim() === '' ? 'the file is empty' : 'invalid JSON (neither a JSON array nor JSON lines)' };
  }
}

/** Every record to a task, ids made unique within the batch (`-2`, `-3`…); failures are listed, not thrown. */
export function importVerlRecords(records: readonly Result<unknown>[], taken: Set<string> = new Set()): VerlImport {
  const out: VerlImport = { tasks: [], problems: [] };
  records.forEach((record, index) => {
    if (!record.ok) return void out.problems.push({ index, id: null, message: record.error });
    const id = isPlainObject(record.value) && (typeof record.value.id === 'string' || typeof record.value.id === 'number') ? String(record.value.id) : null;
    const warnings: string[] = [];
    const imported = importVerlRecord(record.value, index, taken, warnings);
    if (!imported.ok) return void out.problems.push({ index, id, message: imported.error });
    taken.add(imported.value.id);
    out.tasks.push({ index, task: imported.value, warnings });
  });
  return out;
}

/**
 * One paper record to a valid task (checked with validateTask), or what is wrong with it. What the
 * user should know about a record that imports (no background, leaked teacher text) goes to `warnings`.
 * The record itself is kept in `origin`, so that export gives it back while the task is unchanged.
 */
export function importVerlRecord(raw: unknown, index = 0, taken: ReadonlySet<string> = new Set(), warnings: string[] = []): Result<Task> {
  const parsed = VerlRecord.safeParse(raw);
  if (!parsed.success) return { ok: false, error: zodIssue(parsed.error.issues[0]) };
  const record = parsed.data;
  const at = (role: string): number => record.prompt.findIndex((m) => m.role === role);
  const sys = at('system');
  const usr = at('user');
  if (sys < 0) return { ok: false, error: 'prompt: no system message (it holds the <policy> and <tools> blocks)' };
  if (usr < 0) return { ok: false, error: 'prompt: no user message (the task)' };
  const system = parseSystemPrompt(record.prompt[sys]!.content);
  if (!system.ok) return { ok: false, error: `prompt[${sys}].content: ${system.error}` };
  const rubric = parseVerlRubric(record.rubrics);
  if (!rubric.subgoals?.length && !rubric.interactions?.length) {
    return { ok: false, error: 'rubrics: no sub-goals or required user interactions found (expected "### 2. Task Sub-goals" and "### 3. Required User Interaction" sections)' };
  }

  const { tools, rename } = importTools(system.value.functions);
  const statement = leakedPart(parseUserPrompt(record.prompt[usr]!.content), 'task', `prompt[${usr}].content`, warnings);
  const instruction = rename(statement);
  if (instruction === '') return { ok: false, error: `prompt[${usr}].content: the task statement is empty` };
  const policy = system.value.policy === undefined ? undefined : rename(system.value.policy);
  if (record.task_background === null) warnings.push('task_background is null: the task has no background (a model user has only the instruction to go on)');
  const background = rename(leakedPart((record.task_background ?? '').trim(), 'background', 'task_background', warnings));
  const extra = record.extra_info ?? {};
  const ids = new Set<string>();
  const item = (kind: VerlItemKind, prefix: string, entry: VerlRubricEntry): RubricItem => ({
    id: uniqueId(`${prefix}-${slug(entry.title, ITEM_ID_MAX - prefix.length - 1) || String(ids.size + 1)}`, ids, ITEM_ID_MAX + 3),
    kind,
    description: rename(entry.title),
    check: { type: 'judge', criterion: rename(entryCriterion(kind, entry)) },
  });
  // Without a policy section in the rubric, the policy itself is the one forbidden item.
  const policyEntries = rubric.policy ?? (policy ? [{ title: 'Breaks the system policy', body: policy }] : []);

  const task = {
    format: TASK_FORMAT,
    id: uniqueId(taskId(String(record.id), index), new Set(taken), 64),
    title: typeof extra.title === 'string' && extra.title.trim() ? extra.title.trim() : titleOf(instruction),
    domain: [record.domain, extra.domain].find((d): d is string => typeof d === 'string' && d.trim() !== '') ?? 'imported',
    ...(['easy', 'medium', 'hard'].includes(extra.difficulty as string) ? { difficulty: extra.difficulty } : {}),
    ...(policy ? { system: policy } : {}),
    instruction,
    fullInstruction: background ? `${instruction}\n\n${background}` : instruction,
    user: { ...(background ? { background } : {}), facts: [] },
    tools,
    rubric: [
      ...policyEntries.map((e) => item('forbidden', 'policy', e)),
      ...(rubric.subgoals ?? []).map((e) => item('subgoal', 'goal', e)),
      ...(rubric.interactions ?? []).map((e) => item('interaction', 'ask', e)),
    ],
  };
  const checked = validateTask(task);
  if (!checked.ok) return { ok: false, error: checked.problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; ') };
  const { prompt, task_background, rubrics } = record;
  return { ok: true, value: { ...checked.task, origin: { format: 'synthagent-verl', id: record.id, prompt, task_background, rubrics, fields: taskFieldsHash(checked.task) } } };
}

const TEACHER_TAGS = ['reasoning', 'task', 'background'];

/**
 * Text where the teacher model's working leaked into the record ("<reasoning>…</reasoning><task>…"):
 * the part inside the last `<tag>` when there is one (the task, or the background), with a warning
 * naming the tags found; other text is returned as it is.
 */
function leakedPart(text: string, tag: 'task' | 'background', where: string, warnings: string[]): string {
  const found = TEACHER_TAGS.filter((t) => text.includes(`<${t}>`) || text.includes(`</${t}>`));
  if (found.length === 0) return text;
  const open = text.lastIndexOf(`<${tag}>`);
  const inner = open < 0 ? null : text.slice(open + tag.length + 2).split(`</${tag}>`)[0]!.trim();
  const kept = inner ? `: kept the <${tag}> part` : ': kept as it is';
  warnings.push(`${where}: leaked teacher text (${found.map((t) => `<${t}>`).join(', ')})${kept}`);
  return inner || text;
}

/**
 * The paper's functions as simulated tools. Names that are not valid tool names ("AudioWave Analyzer")
 * become valid ones ("AudioWave_Analyzer"), and `rename` carries that into every text that cites them.
 */
function importTools(functions: readonly VerlFunction[]): { tools: Tool[]; rename: (text: string) => string } {
  const names = new Set<string>();
  const renames: [string, string][] = [];
  const tools = functions.map((f): Tool => {
    const name = uniqueId(f.name.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'tool', names, 64);
    if (name !== f.name) renames.push([f.name, name]);
    return {
      name,
      description: f.description,
      parameters: knownFormatsOnly(f.parameters) as Tool['parameters'],
      ...(f.outputs ? { outputs: knownFormatsOnly(f.outputs) as Tool['outputs'] } : {}),
      mock: { simulate: true, default: { error: NO_TOOL_MODEL } },
    };
  });
  renames.sort((a, b) => b[0].length - a[0].length);
  const rename = (text: string): string => renames.reduce((t, [from, to]) => t.split(from).join(to), text);
  return { tools: tools.map((t) => ({ ...t, description: rename(t.description) })), rename };
}

/** A task id from a record id: lower case, other characters to "-", at most 64. */
export function taskId(recordId: string, index: number): string {
  const id = recordId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64).replace(/[-.]+$/, '');
  return id === '' ? `verl-${index}` : id;
}

/** `base`, or `base-2`, `base-3`… (cut to `max`) when taken; the result is added to `taken`. */
function uniqueId(base: string, taken: Set<string>, max: number): string {
  let id = base.slice(0, max);
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, max - String(n).length - 1)}-${n}`;
  taken.add(id);
  return id;
}

/** Rubric ids fit the rubric table's first column. */
const ITEM_ID_MAX = 28;

/** Lower-case words joined by "-", cut at a word to at most `max` characters. */
function slug(text: string, max: number): string {
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (s.length <= max) return s;
  const cut = s.slice(0, max + 1);
  const words = cut.lastIndexOf('-') > 0 ? cut.slice(0, cut.lastIndexOf('-')) : s.slice(0, max);
  return words.replace(/(-(a|an|and|at|by|for|if|in|of|on|or|the|to|with))+$/, '');
}

const ABBREVIATIONS = /^(vs|etc|e\.g|i\.e|mr|mrs|ms|dr|st|no|inc|jr|sr|u\.s|approx|[a-z])$/i;
const TITLE_MAX = 60;

/** The first sentence of the task, cut at a word to at most 60 characters. */
export function titleOf(instruction: string): string {
  const text = instruction.replace(/\s+/g, ' ').trim();
  let sentence = text;
  for (const m of text.matchAll(/[.!?]+(?=\s|$)/g)) {
    const word = /(\S+)$/.exec(text.slice(0, m.index))?.[1] ?? '';
    if (m[0] === '.' && ABBREVIATIONS.test(word)) continue;
    sentence = text.slice(0, m.index) || text;
    break;
  }
  if (sentence.length <= TITLE_MAX) return sentence;
  const cut = sentence.slice(0, TITLE_MAX);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 20 ? cut.lastIndexOf(' ') : TITLE_MAX).replace(/[\s,;:—-]+$/, '')}…`;
}

function zodIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'not a record';
  const path = formatPath(issue.path) || 'record';
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  return `${path}: ${missing ? 'missing' : issue.message}`;
}
