/**
 * The checks a synthesized task must pass to be kept: the task file rules (validateTask), the synth
 * rules (below), and a reference that scores 1 against the rule user simulator — no model involved.
 */
import type { RubricItem, Task } from '../domain/task.js';
import { type TaskProblem, validateTask } from '../domain/validate-task.js';

export type Checked = { task: Task; problems: [] } | { task: null; problems: TaskProblem[] };

/** validateTask, then what a synthesized task needs beyond a valid file. */
export function checkTask(raw: unknown, opts: { needReference: boolean }): Checked {
  const valid = validateTask(raw);
  if (!valid.ok) return { task: null, problems: valid.problems };
  const problems = synthProblems(valid.task, opts.needReference);
  return problems.length > 0 ? { task: null, problems } : { task: valid.task, problems: [] };
}

function synthProblems(task: Task, needReference: boolean): TaskProblem[] {
  const out: TaskProblem[] = [];
  task.tools.forEach((t, i) => {
    // The checks run the reference without a model, so a simulated tool answers its default or nothing.
    if (t.mock.simulate && !t.mock.default && !t.mock.cases?.length && t.mock.query === undefined)
      out.push({ path: `tools[${i}].mock`, message: 'simulate: true needs a "default" (the checks run without a model)' });
  });
  if (needReference && !(task.reference?.length)) out.push({ path: 'reference', message: 'missing: a reference solution is required' });
  return out;
}

/** Problems at `prefixes` (a field and what is under it): those a pipeline step answers for. */
export function problemsUnder(problems: readonly TaskProblem[], prefixes: readonly string[]): TaskProblem[] {
  return problems.filter((p) => prefixes.some((pre) => pre === '' || p.path === pre || p.path.startsWith(`${pre}.`) || p.path.startsWith(`${pre}[`)));
}

export const problemLine = (p: TaskProblem): string => (p.path ? `${p.path}: ${p.message}` : p.message);

/** Drops fact `params` that name a tool the task no longer has (after the tool check dropped it). */
export function pruneFactParams(task: Task): Task {
  const tools = new Set(task.tools.map((t) => t.name));
  const facts = task.user.facts.map((f) => {
    if (!f.params) return f;
    const { params, ...rest } = f;
    const kept = params.filter((p) => tools.has(p.split('.')[0] ?? ''));
    return kept.length > 0 ? { ...rest, params: kept } : rest;
  });
  return { ...task, user: { ...task.user, facts } };
}

/**
 * Adds what the paper's rubric always has and a teacher may forget: an `interaction` item eliciting
 * every fact, and a `forbidden` acted_before_eliciting item for every fact that fills a parameter.
 */
export function completeRubric(task: Task): Task {
  const ids = new Set(task.rubric.map((r) => r.id));
  const fresh = (base: string): string => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  const has = (kind: RubricItem['kind'], type: string, fact: string): boolean =>
    task.rubric.some((r) => r.kind === kind && r.check.type === type && 'fact' in r.check && r.check.fact === fact);
  const added: RubricItem[] = [];
  for (const f of task.user.facts) {
    if (!has('interaction', 'fact_elicited', f.id))
      added.push({ id: fresh(`asks-${f.id}`), kind: 'interaction', description: `Asks for the ${f.description}`, check: { type: 'fact_elicited', fact: f.id } });
  }
  for (const f of task.user.facts) {
    if (f.params?.length && !has('forbidden', 'acted_before_eliciting', f.id))
      added.push({ id: fresh(`no-guess-${f.id}`), kind: 'forbidden', description: `Uses the ${f.description} before asking for it`, check: { type: 'acted_before_eliciting', fact: f.id } });
  }
  return added.length > 0 ? { ...task, rubric: [...task.rubric, ...added] } : task;
}

