import { describe, expect, it } from 'vitest';
import { ambiguityPrompt, draftJson, referencePrompt, repairPrompt, retryPrompt, rubricPrompt, taskPrompt, toolCheckPrompt } from '../../src/synth/teacher-prompts.js';
import { exampleTask } from '../helpers/tasks.js';

const task = exampleTask();
/** The draft a prompt ends with, parsed. */
const draftOf = (prompt: string): Record<string, unknown> => JSON.parse(prompt.slice(prompt.lastIndexOf('Task:\n') + 'Task:\n'.length)) as Record<string, unknown>;

describe('draftJson', () => {
  it('leaves out the bookkeeping fields and whatever is dropped; the task itself is untouched', () => {
    const draft = JSON.parse(draftJson(task, ['rubric'])) as Record<string, unknown>;
    expect(draft).not.toHaveProperty('format');
    expect(draft).not.toHaveProperty('id');
    expect(draft).not.toHaveProperty('rubric');
    expect(draft).toHaveProperty('tools');
    expect(task).toHaveProperty('format');
    expect(task.rubric.length).toBeGreaterThan(0);
  });
});

describe('the step prompts', () => {
  it.each<[string, string, string[], string[]]>([
    ['ambiguity', ambiguityPrompt(task), ['[synthagent step: ambiguity (2 of 5)]'], ['rubric', 'reference']],
    ['tools', toolCheckPrompt(task), ['[synthagent step: tools (3 of 5)]', 'Never use $now()'], ['rubric', 'reference']],
    ['rubric', rubricPrompt(task), ['[synthagent step: rubric (4 of 5)]', 'fact_elicited'], ['reference']],
    ['reference', referencePrompt(task), ['[synthagent step: reference (5 of 5)]', 'rule simulator'], []],
  ])('%s: its marker and guide, and the draft without what this step writes', (_name, prompt, mentions, dropped) => {
    for (const m of mentions) expect(prompt).toContain(m);
    const draft = draftOf(prompt);
    for (const key of dropped) expect(draft).not.toHaveProperty(key);
    expect(draft.instruction).toBe(task.instruction);
  });

  it('the task step names the domain and persona, with the mock guide and an example tool', () => {
    const prompt = taskPrompt('retail', 'A careful shopper.');
    expect(prompt.startsWith('[synthagent step: task (1 of 5)]\nDomain: retail\nPersona: A careful shopper.\n')).toBe(true);
    expect(prompt).toContain('"simulate": true');
    expect(prompt).toMatch(/Example tool: \{"name":"get_booking"/);
  });

  it('repair lists each problem, the transcript when there is one, and the whole draft', () => {
    const withTranscript = repairPrompt(task, ['rubric[0]: unknown fact', 'reference scores 0.5'], 'AGENT: hi\nUSER: hello');
    expect(withTranscript).toContain('Problems:\n- rubric[0]: unknown fact\n- reference scores 0.5\n');
    expect(withTranscript).toContain('Transcript of the reference against the simulated user:\nAGENT: hi\nUSER: hello\n');
    expect(draftOf(withTranscript)).toHaveProperty('reference');
    expect(repairPrompt(task, ['x'], null)).not.toContain('Transcript');
  });

  it('retry says which step and why', () => {
    expect(retryPrompt('rubric', 'not valid JSON')).toBe('Your answer for step "rubric" was rejected: not valid JSON\nReply again with the whole corrected JSON object.');
  });
});
