import { describe, expect, it } from 'vitest';
import { parseAnswer, PIPELINE, responseFormat, RubricAnswer, type Step } from '../../src/synth/teacher-steps.js';
import { tinyTask } from '../helpers/tasks.js';

const rubricStep = PIPELINE[3]!(tinyTask()) as Step<unknown>;

describe('parseAnswer', () => {
  const good = { rubric: [{ id: 'a', kind: 'subgoal', description: 'd', check: { type: 'said', pattern: 'x' } }] };
  it.each([
    ['plain JSON', JSON.stringify(good)],
    ['a code fence', `\`\`\`json\n${JSON.stringify(good)}\n\`\`\``],
    ['prose around it', `Here it is: ${JSON.stringify(good)} Hope this helps.`],
  ])('reads %s', (_name, text) => {
    expect(parseAnswer(rubricStep, text)).toEqual({ ok: true, value: RubricAnswer.parse(good) });
  });

  it.each([
    ['', /empty/],
    ['{"rubric": [', /not valid JSON/],
    ['{"rubric": []}', /does not match the schema: rubric: /],
    ['{"rubric": [{"id": "a", "kind": "subgoal", "description": "d", "check": {"type": "nope"}}]}', /rubric\[0\]\.check/],
  ])('explains what is wrong with %j', (text, error) => {
    const parsed = parseAnswer(rubricStep, text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});

describe('responseFormat', () => {
  it('sends the step schema as a non-strict json_schema', () => {
    const format = responseFormat(rubricStep) as { type: string; json_schema: { name: string; strict: boolean; schema: { properties: object } } };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema).toMatchObject({ name: 'synthagent_rubric', strict: false });
    expect(Object.keys(format.json_schema.schema.properties)).toEqual(['rubric']);
  });
});
