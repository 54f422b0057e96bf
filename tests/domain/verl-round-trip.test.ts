import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verlRecord, verlTaskRecord } from '../../src/domain/export-formats.js';
import { importVerlRecords, splitVerlRecords } from '../../src/domain/import-verl.js';
import { RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import type { Task } from '../../src/domain/task.js';
import { validateTask } from '../../src/domain/validate-task.js';
import { renderUserPrompt } from '../../src/domain/verl-format.js';
import { taskFieldsHash, unchangedOrigin } from '../../src/domain/verl-origin.js';

interface PaperRecord {
  id: string;
  prompt: { role: string; content: string }[];
  task_background: string | null;
  rubrics: string;
}

const read = (name: string): { text: string; records: PaperRecord[] } => {
  const text = readFileSync(new URL(`../../fixtures/verl/${name}`, import.meta.url), 'utf8');
  return { text, records: JSON.parse(text) as PaperRecord[] };
};

function importText(text: string): ReturnType<typeof importVerlRecords> {
  const split = splitVerlRecords(text);
  if (!split.ok) throw new Error(split.error);
  return importVerlRecords(split.value);
}

/** A finished recording of a task, as `run` would save it (what export reads). */
const recordingOf = (task: Task): Recording => ({
  format: RECORDING_FORMAT,
  id: `${task.id}-rec`,
  createdAt: '2026-12-05T00:00:00.000Z',
  task,
  roles: { agent: { kind: 'script' }, user: { kind: 'sim' } },
  events: [
    { seq: 0, type: 'user_message', text: task.instruction, reveals: [] },
    { seq: 1, type: 'end', reason: 'agent_finished' },
  ],
  result: null,
  complete: true,
});

// Every record of each file (the held-out check swaps in all 100 released records).
describe.each(['synthagent-verl-sample.json', 'paper-edge-records.json'])('round trip of %s', (file) => {
  const { text, records } = read(file);
  const { tasks, problems } = importText(text);

  it('imports every record', () => {
    expect(problems).toEqual([]);
    expect(tasks).toHaveLength(records.length);
  });

  it.each(records.map((r, i) => [r.id, i] as const))('%s: export of a recording of the unchanged task gives prompt, task_background and rubrics byte for byte', (_id, i) => {
    const task = tasks.find((t) => t.index === i)!.task;
    // The task file as written and read back (what a user's session runs) still knows its record.
    const reread = validateTask(JSON.parse(JSON.stringify(task)));
    if (!reread.ok) throw new Error(JSON.stringify(reread.problems));
    const out = verlRecord(recordingOf(reread.task));
    const original = records[i]!;
    expect(out.id).toBe(original.id);
    expect(JSON.stringify(out.prompt)).toBe(JSON.stringify(original.prompt));
    expect(out.task_background).toBe(original.task_background);
    expect(out.rubrics).toBe(original.rubrics);
  });
});

describe('what import keeps and says', () => {
  const { text, records } = read('paper-edge-records.json');
  const { tasks } = importText(text);
  const [nullBackground, returns, leaked] = tasks;

  it('imports a record whose task_background is null, with no background and a warning', () => {
    expect(records[0]!.task_background).toBeNull();
    expect(nullBackground!.task.user.background).toBeUndefined();
    expect(nullBackground!.warnings).toEqual([expect.stringContaining('task_background is null')]);
  });

  it('reads `returns` as the output schema', () => {
    expect(records[1]!.prompt[0]!.content).toContain('"returns"');
    expect(returns!.task.tools.filter((t) => t.outputs !== undefined).length).toBeGreaterThan(0);
    expect(returns!.warnings).toEqual([]);
  });

  it('imports leaked teacher text with a warning naming it, the <task> part as the instruction', () => {
    expect(leaked!.warnings).toEqual([
      'prompt[1].content: leaked teacher text (<reasoning>, <task>, <background>): kept the <task> part',
      'task_background: leaked teacher text (<reasoning>, <task>, <background>): kept the <background> part',
    ]);
    expect(leaked!.task.instruction).toMatch(/^Write a contemplative personal essay titled/);
    expect(leaked!.task.instruction).not.toContain('<');
    expect(leaked!.task.user.background).toMatch(/^You recently spent two hours working with clay/);
  });

  it('an edited task exports from its fields', () => {
    const task = returns!.task;
    expect(unchangedOrigin(task)).not.toBeNull();
    const edited: Task = { ...task, instruction: 'Plan the whole thing again, differently' };
    expect(unchangedOrigin(edited)).toBeNull();
    const out = verlTaskRecord(edited);
    expect(out.id).toBe(task.id);
    expect(out.prompt[1]!.content).toBe(renderUserPrompt('Plan the whole thing again, differently'));
    expect(out.rubrics).not.toBe(records[1]!.rubrics);
  });

  it('a title or a mock edited is not an edit of the record', () => {
    const task = returns!.task;
    const retitled: Task = { ...task, title: 'Another title', tools: task.tools.map((t) => ({ ...t, mock: { default: { result: 'ok' } } })) };
    expect(taskFieldsHash(retitled)).toBe(task.origin!.fields);
  });
});
