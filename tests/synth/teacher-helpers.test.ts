import { describe, expect, it } from 'vitest';
import { runReference } from '../../src/session/reference-run.js';
import { completeRubric, problemsUnder, pruneFactParams } from '../../src/synth/teacher-checks.js';
import { SynthProgress, synthProgressLine } from '../../src/synth/teacher-progress.js';
import { parseAnswer, PIPELINE, responseFormat, RubricAnswer, type Step } from '../../src/synth/teacher-steps.js';
import { slug } from '../../src/synth/teacher.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

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

describe('draft fix-ups', () => {
  it('adds the elicitation and no-guess items a rubric lacks, with fresh ids, and nothing when complete', () => {
    const task = tinyTask({ rubric: [{ id: 'asks-order', kind: 'subgoal', description: 'x', check: { type: 'said', pattern: 'x' } }] });
    const done = completeRubric(task);
    expect(done.rubric.map((r) => [r.id, r.kind, r.check.type])).toEqual([
      ['asks-order', 'subgoal', 'said'],
      ['asks-order-2', 'interaction', 'fact_elicited'],
      ['asks-method', 'interaction', 'fact_elicited'],
      ['no-guess-order', 'forbidden', 'acted_before_eliciting'], // "method" fills no parameter
    ]);
    expect(completeRubric(done)).toBe(done);
  });

  it('drops fact params of tools that are gone', () => {
    const task = tinyTask({ tools: [] });
    expect(pruneFactParams(task).user.facts[0]).not.toHaveProperty('params');
  });

  it('picks the problems a step owns', () => {
    const problems = [{ path: 'tools[0].mock', message: 'a' }, { path: 'toolsets', message: 'b' }, { path: 'instruction', message: 'c' }];
    expect(problemsUnder(problems, ['tools']).map((p) => p.message)).toEqual(['a']);
    expect(problemsUnder(problems, [''])).toHaveLength(3);
  });

  it.each([
    ['travel', 'travel'],
    ['IT Support', 'it-support'],
    ['  --Café!! ', 'caf'],
  ])('slugs the domain %j as %j', (domain, expected) => expect(slug(domain)).toBe(expected));
});

describe('runReference', () => {
  it('passes the example task and explains a reference that talks the user away', async () => {
    expect(await runReference(exampleTask())).toEqual({ ok: true, score: 1 });
    const task = exampleTask();
    const run = await runReference({ ...task, reference: [{ say: 'Let me look into that.' }, ...(task.reference ?? [])] });
    expect(run.ok).toBe(false);
    if (run.ok) return;
    expect(run.score).toBe(0);
    expect(run.problems).toContain('interaction item "asks-booking" (Asks for the booking reference) is not satisfied by the reference');
    expect(run.problems.at(-1)).toMatch(/simulated user left early/);
    expect(run.transcript).toContain('AGENT: Let me look into that.');
  });
});

describe('SynthProgress', () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, stream: { isTTY, columns: 200, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
  };

  it('redraws one line on a terminal, with the step under way, and keeps discard reasons above it', () => {
    const { writes, stream: s } = stream(true);
    const p = new SynthProgress(s, 2);
    p.working('travel-001', 'rubric');
    p.finished('travel-001', { kept: false, reason: 'boom' }, 1000);
    p.end();
    expect(writes[0]).toBe(`\r\x1b[2K${synthProgressLine({ done: 0, total: 2, kept: 0, etaMs: null, current: 'travel-001 rubric' })}`);
    expect(writes).toContain('1/2 travel-001 discarded: boom\n');
    expect(writes.at(-2)).toBe('\r\x1b[2K[##########..........] 1/2  50%  ETA 1s  kept 0');
    expect(writes.at(-1)).toBe('\n');
  });

  it('writes one line per task otherwise', () => {
    const { writes, stream: s } = stream(false);
    const p = new SynthProgress(s, 2);
    p.working('travel-001', 'task');
    p.finished('travel-001', { kept: true, repaired: false }, 10);
    p.finished('retail-002', { kept: true, repaired: true }, 10);
    p.end();
    expect(writes).toEqual(['1/2 travel-001 kept\n', '2/2 retail-002 kept (after repair)\n']);
  });
});
