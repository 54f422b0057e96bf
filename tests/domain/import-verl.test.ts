import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importVerlRecord, importVerlRecords, NO_TOOL_MODEL, splitVerlRecords, taskId, titleOf } from '../../src/domain/import-verl.js';
import type { RubricItem, Task } from '../../src/domain/task.js';
import { validateTask } from '../../src/domain/validate-task.js';

interface PaperRecord {
  id: string;
  prompt: { role: string; content: string }[];
  task_background: string;
  rubrics: string;
}

const SAMPLE = new URL('../../fixtures/verl/synthagent-verl-sample.json', import.meta.url);
const text = readFileSync(SAMPLE, 'utf8');
const records = JSON.parse(text) as PaperRecord[];

function importAll(): Task[] {
  const split = splitVerlRecords(text);
  if (!split.ok) throw new Error(split.error);
  const { tasks, problems } = importVerlRecords(split.value);
  expect(problems).toEqual([]);
  return tasks.map((t) => t.task);
}

const criterion = (item: RubricItem): string => (item.check.type === 'judge' ? item.check.criterion : '');
const ofKind = (task: Task, kind: RubricItem['kind']): RubricItem[] => task.rubric.filter((r) => r.kind === kind);
/** Tool names with spaces become names with underscores, in the texts that cite them too. */
const loose = (s: string): string => s.replace(/_/g, ' ');
const policyOf = (r: PaperRecord): string => /<policy>([\s\S]*?)<\/policy>/.exec(r.prompt[0]!.content)![1]!.trim();
const functionsOf = (r: PaperRecord): { name: string; parameters: unknown; outputs: unknown }[] =>
  [...r.prompt[0]!.content.matchAll(/^\{"type": "function".*$/gm)].map((m) => (JSON.parse(m[0]) as { function: { name: string; parameters: unknown; outputs: unknown } }).function);

describe('importVerlRecords on the paper sample', () => {
  const tasks = importAll();

  it('imports every record, in order, with its id', () => {
    expect(tasks.map((t) => t.id)).toEqual(records.map((r) => r.id));
  });

  it.each(records.map((r, i) => [r.id, i] as const))('%s validates', (_id, i) => {
    const checked = validateTask(JSON.parse(JSON.stringify(tasks[i])));
    expect(checked.ok ? [] : checked.problems).toEqual([]);
  });

  it.each(records.map((r, i) => [r.id, i] as const))('%s: policy → system, tools → simulated tools, prompt → instruction, background', (_id, i) => {
    const task = tasks[i]!;
    const record = records[i]!;
    expect(loose(task.system!)).toBe(loose(policyOf(record)));
    const functions = functionsOf(record);
    expect(functions.length).toBeGreaterThan(0);
    expect(task.tools.map((t) => loose(t.name))).toEqual(functions.map((f) => loose(f.name)));
    task.tools.forEach((tool, j) => {
      expect(tool.parameters).toEqual(functions[j]!.parameters);
      expect(tool.outputs).toEqual(functions[j]!.outputs);
      expect(tool.mock).toEqual({ simulate: true, default: { error: NO_TOOL_MODEL } });
    });
    expect(record.prompt[1]!.content).toContain(task.instruction.slice(0, -1));
    expect(task.instruction).not.toMatch(/Task Description|Requirements|<answer>|\.\.$/);
    expect(task.user).toEqual({ background: record.task_background, facts: [] });
    expect(task.fullInstruction).toBe(`${task.instruction}\n\n${record.task_background}`);
    expect(task.domain).toBe('imported');
    expect(task.title.length).toBeLessThanOrEqual(61);
    expect(task.instruction.startsWith(task.title.replace(/…$/, ''))).toBe(true);
  });

  it.each(records.map((r, i) => [r.id, i] as const))('%s: one forbidden judge item per policy criterion', (_id, i) => {
    const forbidden = ofKind(tasks[i]!, 'forbidden');
    expect(forbidden.map((r) => r.description)).toEqual(['Direct Policy Violations', 'Missing User Interaction Before Tool Use']);
    for (const item of forbidden) {
      expect(item.check.type).toBe('judge');
      expect(criterion(item)).toMatch(/^The agent violates this rule: /);
      expect(criterion(item)).toContain('**Definition**');
    }
  });

  // Record 0 writes its sub-goals and interactions as tables, the others as numbered lists.
  it.each([
    [0, 7, 4],
    [1, 7, 6],
    [2, 7, 6],
    [3, 5, 5],
    [4, 5, 5],
  ])('record %i: %i sub-goal and %i interaction judge items', (i, subgoals, interactions) => {
    expect(ofKind(tasks[i]!, 'subgoal')).toHaveLength(subgoals);
    expect(ofKind(tasks[i]!, 'interaction')).toHaveLength(interactions);
    expect(tasks[i]!.rubric.every((r) => r.check.type === 'judge')).toBe(true);
  });

  it('carries every column of the tables into the criteria', () => {
    const [first] = tasks;
    const lead = ofKind(first!, 'subgoal')[0]!;
    expect(lead.description).toBe('Identify the lead guard');
    expect(criterion(lead)).toBe(
      'The agent achieves this sub-goal: Identify the lead guard\n' +
        '- Requirement: Determine who the current lead guard of the Portland Trail Blazers is, given roster changes.\n' +
        '- Completion Criteria: ✅ Fully completed if agent confirms with user or uses reliable source with justification. ❌ Not completed if assumed.',
    );
    const ask = ofKind(first!, 'interaction')[3]!;
    expect(ask.description).toBe('Timeframe for "latest data"');
    expect(criterion(ask)).toContain('- What Agent Must Ask: "Do you want the last 5, 10, or 15 games for comparison?"');
    expect(criterion(ask)).toContain('- Premature Action Indicators: Using unconfirmed values.');
  });

  it('carries the nested bullets of the numbered lists into the criteria', () => {
    const draft = ofKind(tasks[1]!, 'subgoal')[5]!;
    expect(draft.description).toBe('Draft a personalized, effective dispute email');
    expect(criterion(draft)).toContain('\n- Required: Incorporate facts, rights, deadlines, and a respectful tone.\n');
    expect(criterion(draft)).toContain('\n- Not completed if generic or robotic.');
    const code = ofKind(tasks[1]!, 'interaction')[3]!;
    expect(code.description).toBe('Medical billing code(s)');
    expect(criterion(code)).toContain('Are there any procedure codes (e.g., 99213) on the bill?');
  });

  it('renames tools whose names are not valid tool names, and the texts citing them', () => {
    const task = tasks[4]!;
    expect(task.tools.map((t) => t.name)).toEqual(['FieldNote_Recorder', 'AudioWave_Analyzer', 'Print_Job_Dispatcher', 'Observation_Validator']);
    expect(task.system).toMatch(/^Tool AudioWave_Analyzer must NOT/);
    expect(JSON.stringify(task.rubric)).not.toContain('AudioWave Analyzer');
  });

  it('gives distinct, short rubric ids', () => {
    for (const task of tasks) {
      expect(new Set(task.rubric.map((r) => r.id)).size).toBe(task.rubric.length);
      expect(task.rubric.every((r) => r.id.length <= 28)).toBe(true);
    }
  });
});

describe('malformed records', () => {
  const good = (): PaperRecord => structuredClone(records[1]!);
  const withSystem = (content: string): PaperRecord => ({ ...good(), prompt: [{ role: 'system', content }, good().prompt[1]!] });

  it.each<[string, () => unknown, RegExp]>([
    ['missing prompt', () => ({ ...good(), prompt: undefined }), /^prompt: missing$/],
    ['empty prompt', () => ({ ...good(), prompt: [] }), /^prompt: /],
    ['no <tools> block', () => withSystem('<policy>Be nice.</policy>\nNo tools here.'), /^prompt\[0\]\.content: no <tools>/],
    ['a tools line that is not JSON', () => withSystem('<tools>\n{"name": "a"\n</tools>'), /<tools> entry 1: not a JSON object/],
    ['a tool without a name', () => withSystem('<tools>\n{"type": "function", "function": {"description": "x"}}\n</tools>'), /<tools> entry 1: a function needs a "name"/],
    ['parameters that are not an object schema', () => withSystem('<tools>\n{"name": "a", "parameters": {"type": "string"}}\n</tools>'), /"parameters" must be a JSON Schema of type "object"/],
    ['no user message', () => ({ ...good(), prompt: [good().prompt[0]] }), /^prompt: no user message/],
    ['garbage rubric', () => ({ ...good(), rubrics: 'lorem ipsum dolor' }), /^rubrics: no sub-goals or required user interactions/],
    ['a rubric with only a policy section', () => ({ ...good(), rubrics: '### 1. Policy Compliance Criteria\n\n- Never lie.' }), /^rubrics: no sub-goals/],
    ['a background that is not text', () => ({ ...good(), task_background: 42 }), /^task_background: /],
    ['not an object', () => 'hello', /^record: /],
  ])('%s: reported, the records around it still import', (_name, bad, message) => {
    const { tasks, problems } = importVerlRecords([
      { ok: true, value: records[0] },
      { ok: true, value: bad() },
      { ok: true, value: records[2] },
    ]);
    expect(tasks.map((t) => t.index)).toEqual([0, 2]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.index).toBe(1);
    expect(problems[0]!.message).toMatch(message);
  });

  it('names the record by its id when it has one', () => {
    const { problems } = importVerlRecords([{ ok: true, value: { ...good(), rubrics: 'nothing' } }]);
    expect(problems[0]!.id).toBe(records[1]!.id);
  });

  it('reports a JSON line that does not parse as a failed record, not a failed file', () => {
    const lines = [JSON.stringify(records[0]), '{oops', JSON.stringify(records[1])].join('\n');
    const split = splitVerlRecords(lines);
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    const { tasks, problems } = importVerlRecords(split.value);
    expect(tasks).toHaveLength(2);
    expect(problems).toEqual([{ index: 1, id: null, message: 'not JSON' }]);
  });

  it.each([
    ['', /empty/],
    ['{not json at all', /invalid JSON/],
    ['42', /expected a JSON array/],
  ])('refuses a whole file that holds no records: %j', (body, message) => {
    const split = splitVerlRecords(body);
    expect(split.ok ? '' : split.error).toMatch(message);
  });
});

describe('ids and titles', () => {
  it('makes a repeated record id unique', () => {
    const { tasks } = importVerlRecords([{ ok: true, value: records[0] }, { ok: true, value: records[0] }]);
    expect(tasks.map((t) => t.task.id)).toEqual([records[0]!.id, `${records[0]!.id}-2`]);
  });

  it.each([
    ['Weird ID: #7!', 'weird-id-7'],
    ['--lead', 'lead'],
    ['x'.repeat(80), 'x'.repeat(64)],
    ['!!!', 'verl-3'],
  ])('task id of %j is %j', (raw, id) => {
    expect(taskId(raw, 3)).toBe(id);
  });

  it.each([
    ['Book a table. Then tell me.', 'Book a table'],
    ['Compare the Blazers vs. Nuggets. Then write.', 'Compare the Blazers vs. Nuggets'],
    ['Write a very long commentary script about the upcoming matchup between two teams tonight', 'Write a very long commentary script about the upcoming…'],
  ])('title of %j is %j', (instruction, title) => {
    expect(titleOf(instruction)).toBe(title);
  });

  it('keeps a format JSON Schema does not define ("YYYY-MM-DD") as a hint in the description, so the task validates', () => {
    const system = records[0]!.prompt[0]!.content;
    const at = system.indexOf('"type": "string"', system.indexOf('<tools>'));
    const record = { ...records[0]!, prompt: [{ ...records[0]!.prompt[0]!, content: `${system.slice(0, at)}"type": "string", "format": "YYYY-MM-DD"${system.slice(at + '"type": "string"'.length)}` }, ...records[0]!.prompt.slice(1)] };
    const { tasks, problems } = importVerlRecords([{ ok: true, value: record }]);
    expect(problems).toEqual([]);
    const text = JSON.stringify(tasks[0]!.task.tools);
    expect(text).not.toContain('"format":"YYYY-MM-DD"');
    expect(text).toContain('(format: YYYY-MM-DD)');
  });

  it('takes the title, domain and difficulty from extra_info when present', () => {
    const imported = importVerlRecord({ ...records[0], extra_info: { title: 'Pre-game script', domain: 'sports', difficulty: 'hard' } });
    expect(imported.ok && [imported.value.title, imported.value.domain, imported.value.difficulty]).toEqual(['Pre-game script', 'sports', 'hard']);
  });

  it('makes the policy itself the forbidden item when the rubric has no policy section', () => {
    const rubrics = records[1]!.rubrics.slice(records[1]!.rubrics.indexOf('### 2.'));
    const imported = importVerlRecord({ ...records[1], rubrics });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const forbidden = ofKind(imported.value, 'forbidden');
    expect(forbidden).toHaveLength(1);
    expect(criterion(forbidden[0]!)).toContain(imported.value.system!);
  });
});
