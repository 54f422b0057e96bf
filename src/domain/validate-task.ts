import { z } from 'zod';
import { compileJsonSchema, SCHEMA_FORMATS, schemaStrings } from './json-schema.js';
import { BANNED_FUNCTIONS, compileJsonata } from './jsonata-eval.js';
import { formatPath, isPlainObject, jsonEqual, TOO_DEEP, tooDeepAt } from './json.js';
import { checkArgs } from './json-schema.js';
import { linearPattern } from './linear-regexp.js';
import { type Check, stepIssue, Task, TASK_FORMAT, type Tool } from './task.js';
import { valueAppears } from './text-match.js';
import { memos } from './memo.js';

/** One problem in a task, at a JSON path such as `rubric[3].check.fact`. */
export interface TaskProblem {
  path: string;
  message: string;
}

export type TaskCheck = { ok: true; task: Task } | { ok: false; problems: TaskProblem[] };

/** Shape (zod) then meaning: every reference resolves, every expression compiles, no fact leaks. */
export function validateTask(raw: unknown): TaskCheck {
  if (!isPlainObject(raw)) return fail('', 'a task file must hold a JSON object');
  // Before any recursive code (zod, JSONata) sees it.
  const deep = tooDeepAt(raw);
  if (deep !== null) return fail(deep, TOO_DEEP);
  if (raw.format !== TASK_FORMAT) {
    const got = raw.format === undefined ? 'missing' : `unknown format ${JSON.stringify(raw.format)}`;
    return fail('format', `${got} (expected "${TASK_FORMAT}")`);
  }
  const parsed = Task.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => zodProblem(referenceStepIssue(raw, issue))) };
  const problems = semanticProblems(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, task: parsed.data };
}

/** Valid tasks seen before, by id, with the value each was checked from (a few versions per id). */
const validTasks = memos.table<string, { raw: unknown; task: Task }[]>('validate-task.valid', 1000);
const VERSIONS_PER_ID = 16;

/**
 * validateTask, remembering what it found valid: a task equal to one checked before (the copy in
 * each of a thousand recordings of one task, and the task file itself) is checked once.
 * Callers must not change the task they get.
 */
export function validateTaskOnce(raw: unknown): TaskCheck {
  const id = isPlainObject(raw) ? String(raw.id) : '';
  const known = validTasks.get(id)?.find((k) => jsonEqual(k.raw, raw));
  if (known) return { ok: true, task: known.task };
  const checked = validateTask(raw);
  if (!checked.ok) return checked;
  // The checked task may differ from what it was checked from (defaults filled in), and recordings
  // store the checked task: remember it under both.
  const forms = jsonEqual(raw, checked.task) ? [raw] : [checked.task, raw];
  validTasks.set(id, [...(validTasks.get(id) ?? []), ...forms.map((form) => ({ raw: form, task: checked.task }))].slice(-VERSIONS_PER_ID));
  return checked;
}

function fail(path: string, message: string): TaskCheck {
  return { ok: false, problems: [{ path, message }] };
}

/** An issue on a reference step, made precise by the step's own key (see stepIssue). */
function referenceStepIssue(raw: Record<string, unknown>, issue: z.core.$ZodIssue): z.core.$ZodIssue {
  const [field, step] = issue.path;
  if (field !== 'reference' || typeof step !== 'number' || issue.path.length !== 2 || !Array.isArray(raw.reference)) return issue;
  const precise = stepIssue(raw.reference[step], 'agent');
  return precise ? { ...precise, path: ['reference', step, ...precise.path] } : issue;
}

function zodProblem(issue: z.core.$ZodIssue): TaskProblem {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  }
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'check') {
    return { path: `${path}.type`, message: 'unknown or malformed check (see `synthagent schema task`)' };
  }
  // A value of none of the allowed types (a fact's value): name them, rather than zod's "Invalid input".
  if (issue.code === 'invalid_union') {
    const expected = issue.errors.map((branch) => (branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0 ? branch[0]!.expected : null));
    if (expected.length > 1 && expected.every((e) => e !== null)) return { path, message: `must be a ${[...new Set(expected)].join(', ').replace(/, ([^,]+)$/, ' or $1')}` };
  }
  return { path, message: issue.message };
}

/** What is wrong with a task that has the right shape: references, expressions, leaks. */
export function semanticProblems(task: Task): TaskProblem[] {
  const out: TaskProblem[] = [];
  const add = (path: string, message: string): void => void out.push({ path, message });
  const facts = new Map(task.user.facts.map((f) => [f.id, f]));
  // By name, the first of duplicates (as a call resolves; the duplicate itself is reported below).
  const tools = new Map([...task.tools].reverse().map((t) => [t.name, t]));
  const propertiesOf = (tool: Tool | undefined): string[] => Object.keys((tool?.parameters.properties as object) ?? {});
  const paramNames = (tool: string): string[] => propertiesOf(tools.get(tool));

  duplicates(task.user.facts.map((f) => f.id), 'user.facts', 'id', add);
  duplicates(task.tools.map((t) => t.name), 'tools', 'name', add);
  duplicates(task.rubric.map((r) => r.id), 'rubric', 'id', add);

  task.user.facts.forEach((f, i) => {
    const at = `user.facts[${i}]`;
    if (String(f.value).trim() === '') add(`${at}.value`, 'is empty: no reply can reveal it');
    if (valueAppears(task.instruction, f.value)) add('instruction', `contains the value of fact "${f.id}" (${JSON.stringify(f.value)}); the agent must ask for it`);
    if (task.system !== undefined && valueAppears(task.system, f.value)) add('system', `contains the value of fact "${f.id}"`);
    f.aliases.forEach((a, j) => a.trim() === '' && add(`${at}.aliases[${j}]`, 'empty alias'));
    if (f.answer !== undefined && !valueAppears(f.answer, f.value)) add(`${at}.answer`, `must contain the value ${JSON.stringify(f.value)}`);
    (f.params ?? []).forEach((p, j) => {
      const [tool, param, ...rest] = p.split('.');
      if (!tool || !param || rest.length > 0) add(`${at}.params[${j}]`, `"${p}" is not of the form "tool.param"`);
      else if (!tools.has(tool)) add(`${at}.params[${j}]`, `unknown tool "${tool}"`);
      else if (!paramNames(tool).includes(param)) add(`${at}.params[${j}]`, `tool "${tool}" has no parameter "${param}"`);
    });
  });

  task.tools.forEach((t, i) => {
    const at = `tools[${i}]`;
    const patterns = [...schemaStrings(t.parameters, 'pattern', `${at}.parameters`), ...schemaStrings(t.outputs, 'pattern', `${at}.outputs`)];
    const badPatterns = patterns.flatMap(([path, p]) => {
      const c = linearPattern(p);
      return c.ok ? [] : [[path, c.error] as const];
    });
    for (const [path, error] of badPatterns) add(path, error);
    for (const [path, format] of [...schemaStrings(t.parameters, 'format', `${at}.parameters`), ...schemaStrings(t.outputs, 'format', `${at}.outputs`)]) {
      if (!SCHEMA_FORMATS.has(format)) add(path, `unknown format ${JSON.stringify(format)} (JSON Schema knows ${[...SCHEMA_FORMATS].join(', ')})`);
    }
    const schema = badPatterns.length > 0 ? { ok: true as const } : compileJsonSchema(t.parameters);
    if (!schema.ok) add(`${at}.parameters`, `not a usable JSON Schema: ${schema.error}`);
    if (t.outputs && !compileJsonSchema(t.outputs).ok) add(`${at}.outputs`, 'not a usable JSON Schema');
    const { mock } = t;
    jsonata(mock.query, `${at}.mock.query`, add);
    jsonata(mock.update, `${at}.mock.update`, add);
    if (mock.update !== undefined && mock.query === undefined) add(`${at}.mock.update`, 'needs a "query" (the result of the call)');
    (mock.cases ?? []).forEach((c, j) =>
      Object.keys(c.when).forEach((k) => {
        if (!propertiesOf(t).includes(k)) add(`${at}.mock.cases[${j}].when.${k}`, `tool "${t.name}" has no parameter "${k}"`);
      }),
    );
    const answers = [mock.cases?.length, mock.query, mock.simulate, mock.default].some((x) => x);
    if (!answers) add(`${at}.mock`, 'answers nothing: give cases, query, simulate or default');
  });

  const checkRefs = (check: Check, at: string): void => {
    switch (check.type) {
      case 'tool_called':
        if (!tools.has(check.tool)) add(`${at}.tool`, `unknown tool "${check.tool}"`);
        else Object.keys(check.args ?? {}).forEach((k) => paramNames(check.tool).includes(k) || add(`${at}.args.${k}`, `tool "${check.tool}" has no parameter "${k}"`));
        return;
      case 'fact_elicited':
      case 'acted_before_eliciting':
        if (!facts.has(check.fact)) add(`${at}.fact`, `unknown fact "${check.fact}"`);
        else if (check.type === 'acted_before_eliciting' && !(facts.get(check.fact)?.params?.length))
          add(`${at}.fact`, `fact "${check.fact}" has no params, so no call can act on it`);
        return;
      case 'world':
        jsonata(check.query, `${at}.query`, add);
        return;
      case 'said': {
        const c = linearPattern(check.pattern, true);
        if (!c.ok) add(`${at}.pattern`, c.error);
        return;
      }
      case 'any':
      case 'all':
        check.of.forEach((c, j) => checkRefs(c, `${at}.of[${j}]`));
        return;
      case 'asked_more_than':
      case 'judge':
        return;
    }
  };
  task.rubric.forEach((r, i) => checkRefs(r.check, `rubric[${i}].check`));

  (task.reference ?? []).forEach((step, i) => {
    if (!('call' in step)) return;
    const tool = tools.get(step.call);
    if (!tool) return add(`reference[${i}].call`, `unknown tool "${step.call}"`);
    const bad = checkArgs(tool.parameters, step.args);
    if (bad !== null) add(`reference[${i}].args`, bad);
  });
  return out;
}

type Add = (path: string, message: string) => void;

function jsonata(source: string | undefined, at: string, add: Add): void {
  if (source === undefined) return;
  const c = compileJsonata(source);
  if (!c.ok) return add(at, `bad JSONata: ${c.error}`);
  // Caught at run time too, however reached ($eval, a variable holding $now): this is the early word.
  const used = BANNED_FUNCTIONS.find((f) => new RegExp(`\\${f}\\b`).test(source));
  if (used) add(at, used === '$eval' ? 'uses $eval(), which evaluates text as code; not allowed in a task' : `uses ${used}(), which changes run to run; mock results must be stable`);
  for (const re of regexLiterals(c.expression.ast())) {
    const p = linearPattern(re.source);
    if (!p.ok) add(at, p.error);
  }
}

/** The /regular expressions/ written in a JSONata expression (they run on RE2 too). */
function regexLiterals(node: unknown, out: RegExp[] = [], depth = 0): RegExp[] {
  if (typeof node !== 'object' || node === null || depth > 200) return out;
  if (node instanceof RegExp) return [...out, node];
  for (const value of Object.values(node)) {
    if (value instanceof RegExp) out.push(value);
    else if (typeof value === 'object') regexLiterals(value, out, depth + 1);
  }
  return out;
}

/** Each repeat of an id in a list is a problem at its own index (the first one stands). */
function duplicates(ids: string[], list: string, field: string, add: Add): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) add(`${list}[${i}].${field}`, `duplicate ${field} "${id}"`);
    seen.add(id);
  });
}
