import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import type { AgentView } from '../../src/domain/agent-view.js';
import { chatExample, skipReason, verlRecord, verlTaskRecord } from '../../src/domain/export-formats.js';
import { importVerlRecord, importVerlRecords, splitVerlRecords } from '../../src/domain/import-verl.js';
import type { Recording } from '../../src/domain/recording.js';
import type { Task } from '../../src/domain/task.js';
import { parseUserPrompt, renderUserPrompt } from '../../src/domain/verl-format.js';
import { agentMessages, agentTools } from '../../src/roles/model-agent.js';

const golden = (name: string): Recording => readRecording(new URL(`../../fixtures/golden/travel-rebook/${name}.json`, import.meta.url).pathname);
const reference = golden('reference');
const toChat = { messages: agentMessages, tools: agentTools };

function reimport(record: unknown): Task {
  const imported = importVerlRecord(JSON.parse(JSON.stringify(record)));
  if (!imported.ok) throw new Error(imported.error);
  return imported.value;
}

const kinds = (task: Task): Record<string, number> =>
  Object.fromEntries(['forbidden', 'subgoal', 'interaction'].map((k) => [k, task.rubric.filter((r) => r.kind === k).length]));

describe('verl export', () => {
  const record = verlRecord(reference);

  it('writes the paper shape: policy and tools in the system message, the task in the user message', () => {
    expect(record.id).toBe('travel-rebook');
    expect(record.prompt.map((m) => m.role)).toEqual(['system', 'user']);
    expect(record.prompt[0]!.content).toMatch(/^<policy>You are an airline support agent\.[^<]*<\/policy>\n# Tools\n/);
    expect(record.prompt[0]!.content).toContain('<tools>\n{"type": "function", "function": {"name": "get_booking", "description": ');
    expect(record.prompt[1]!.content).toMatch(/^Task Description: Hi, my flight tomorrow got cancelled\. Can you get me on another one\?\n\n### Requirements:/);
    expect(record.rubrics).toMatch(/^### 1\. Policy Compliance Criteria\n[\s\S]*\n### 2\. Task Sub-goals\n[\s\S]*\n### 3\. Required User Interaction\n/);
    expect(record.extra_info).toMatchObject({ title: 'Rebook a cancelled flight', domain: 'travel', recording: reference.id, score: 1, passed: true });
  });

  it('writes the facts into the background when the task has no background', () => {
    expect(record.task_background).toContain('- booking reference: BK-4411');
    expect(record.task_background).toContain(reference.task.fullInstruction);
  });

  it('round-trips through import: system, tools, instruction and rubric', () => {
    const back = reimport(record);
    expect(back.id).toBe(reference.task.id);
    expect(back.title).toBe(reference.task.title);
    expect(back.system).toBe(reference.task.system);
    expect(back.instruction).toBe(reference.task.instruction);
    expect(back.tools.map((t) => [t.name, t.description, t.parameters])).toEqual(reference.task.tools.map((t) => [t.name, t.description, t.parameters]));
    expect(kinds(back)).toEqual(kinds(reference.task));
    expect(back.rubric.map((r) => r.description)).toEqual(
      ['forbidden', 'subgoal', 'interaction'].flatMap((k) => reference.task.rubric.filter((r) => r.kind === k).map((r) => r.description)),
    );
  });

  it('describes rule checks in words for the judge', () => {
    const back = reimport(record);
    const looksUp = back.rubric.find((r) => r.description === 'Looks the booking up')!;
    expect(looksUp.check).toEqual({
      type: 'judge',
      criterion: 'The agent achieves this sub-goal: Looks the booking up\n- Satisfied when: the agent calls `get_booking` with {"booking_id":"BK-4411"} and the call succeeds',
    });
  });

  it('is the inverse of import for the paper records: import → export → import changes nothing', () => {
    const split = splitVerlRecords(readFileSync(new URL('../../fixtures/verl/synthagent-verl-sample.json', import.meta.url), 'utf8'));
    if (!split.ok) throw new Error(split.error);
    const { tasks } = importVerlRecords(split.value);
    expect(tasks).toHaveLength(5);
    for (const { task } of tasks) expect(reimport(verlTaskRecord(task))).toEqual(task);
  });

  it('keeps the criteria of items without details, and tasks without a policy', () => {
    const task: Task = {
      ...reference.task,
      system: undefined,
      rubric: [{ id: 'a', kind: 'subgoal', description: 'Done', check: { type: 'judge', criterion: 'The agent achieves this sub-goal: Done' } }],
    };
    const back = reimport(verlTaskRecord(task));
    expect(back.system).toBeUndefined();
    expect(back.rubric.map((r) => [r.kind, r.check])).toEqual([['subgoal', { type: 'judge', criterion: 'The agent achieves this sub-goal: Done' }]]);
  });
});

describe('chat-jsonl export', () => {
  it('holds the tool calls and their results in order, as the agent saw them', () => {
    const { messages, tools } = chatExample(reference, toChat);
    const calls = reference.events.filter((e) => e.type === 'tool_call');
    const results = reference.events.filter((e) => e.type === 'tool_result');
    const assistantCalls = messages.flatMap((m) => (m.role === 'assistant' && m.tool_calls ? m.tool_calls : []));
    expect(assistantCalls.map((c) => (c.type === 'function' ? [c.id, c.function.name, JSON.parse(c.function.arguments)] : null))).toEqual(
      calls.map((c) => [c.callId, c.tool, c.args]),
    );
    const toolMessages = messages.flatMap((m) => (m.role === 'tool' ? [m] : []));
    expect(toolMessages.map((m) => [m.tool_call_id, JSON.parse(m.content as string)])).toEqual(results.map((r) => [r.callId, r.ok ? r.result : { error: r.error }]));
    // Each result right after the assistant turn that made its call.
    messages.forEach((m, i) => {
      if (m.role === 'tool') expect(['assistant', 'tool']).toContain(messages[i - 1]!.role);
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'user', 'assistant', 'tool', 'assistant']);
    expect(messages[0]).toEqual({ role: 'system', content: reference.task.system });
    expect(tools.map((t) => (t.type === 'function' ? t.function.name : ''))).toEqual(['get_booking', 'search_flights', 'rebook', 'cancel_booking']);
  });

  it('holds nothing the agent did not see: no full intent, world, rubric or unrevealed fact', () => {
    const neverAsks = golden('never-asks');
    const text = JSON.stringify(chatExample(neverAsks, toChat));
    expect(text).not.toContain(neverAsks.task.fullInstruction);
    expect(text).not.toContain('BK-4411'); // never revealed
    expect(text).not.toContain('UA16'); // only in the world
    expect(text).not.toContain('Dana Ruiz');
    for (const item of neverAsks.task.rubric) expect(text).not.toContain(item.description);
    expect(text).not.toMatch(/"(world|rubric|reveals|via|fullInstruction)"/);
  });

  it('leaves out a call that never got a result', () => {
    const cut: Recording = { ...reference, events: reference.events.filter((e) => e.seq <= 4) };
    const seen: AgentView[] = [];
    chatExample(cut, { messages: (v) => (seen.push(v), []), tools: () => [] });
    expect(seen[0]!.items.map((i) => i.kind)).toEqual(['user', 'agent', 'user']);
  });
});

describe('skipReason', () => {
  const result = reference.result!;
  it.each<[string, Partial<Recording>, { minScore?: number; passed: boolean }, string | null]>([
    ['a passed recording, no filter', {}, { passed: false }, null],
    ['a passed recording, --passed', {}, { passed: true }, null],
    ['at exactly --min-score', { result: { ...result, score: 0.5, passed: false } }, { minScore: 0.5, passed: false }, null],
    ['below --min-score', { result: { ...result, score: 0.2, passed: false } }, { minScore: 0.5, passed: false }, 'below --min-score'],
    ['failed, --passed', { result: { ...result, score: 0.8, passed: false } }, { passed: true }, 'not passed'],
    ['incomplete', { complete: false }, { passed: false }, 'incomplete'],
    ['no result', { result: null }, { passed: false }, 'incomplete'],
  ])('%s', (_name, patch, filter, why) => {
    expect(skipReason({ ...reference, ...patch }, filter)).toBe(why);
  });
});

describe('the verl user prompt', () => {
  it.each([
    ['a statement gets the template\'s period', 'Move me to a later flight', 'Task Description: Move me to a later flight.\n'],
    ['a statement with its own period gets the second one, as in the paper\'s data', 'Move me.', 'Task Description: Move me..\n'],
    ['a question keeps its question mark alone', 'Can you get me on another one?', 'Task Description: Can you get me on another one?\n'],
  ])('%s, and reads back as it was', (_what, instruction, start) => {
    const prompt = renderUserPrompt(instruction);
    expect(prompt.startsWith(start)).toBe(true);
    expect(parseUserPrompt(prompt)).toBe(instruction);
  });
});
