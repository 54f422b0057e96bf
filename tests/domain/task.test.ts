import { describe, expect, it } from 'vitest';
import { AgentScript, Check, DEFAULT_LIMITS, limitsOf, stepIssue, Task, TaskId, ToolName, UserScript } from '../../src/domain/task.js';
import { describeIssues } from '../../src/domain/json-schema.js';
import { tinyTask } from '../helpers/tasks.js';

const minimal = { format: 'synthagent.task/1', id: 'a', title: 'A', domain: 'd', instruction: 'Do it.', fullInstruction: '' };

/** The task with `patch` over the minimal one, checked; its issues as one line, or 'ok'. */
const verdict = (patch: Record<string, unknown>): string => {
  const parsed = Task.safeParse({ ...minimal, ...patch });
  return parsed.success ? 'ok' : describeIssues(parsed.error.issues);
};

describe('Task', () => {
  it('fills the defaults of a minimal task: no facts, tools or rubric', () => {
    const task = Task.parse(minimal);
    expect(task.user).toEqual({ facts: [] });
    expect(task.tools).toEqual([]);
    expect(task.rubric).toEqual([]);
    expect(task.reference).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a wrong format', { format: 'synthagent.task/2' }, /^format: /],
    ['an unknown top-level field', { extra: 1 }, /^extra: unknown field$/],
    ['an id with capitals', { id: 'Travel' }, /^id: must match/],
    ['an empty title', { title: '' }, /^title: /],
    ['an empty instruction', { instruction: '' }, /^instruction: /],
    ['a bad difficulty', { difficulty: 'extreme' }, /^difficulty: /],
    ['a fact with no aliases', { user: { facts: [{ id: 'f', description: 'd', value: 'v', aliases: [] }] } }, /^user\.facts\[0\]\.aliases: /],
    ['a fact with an empty string value', { user: { facts: [{ id: 'f', description: 'd', value: '', aliases: ['f'] }] } }, /^user\.facts\[0\]\.value: /],
    ['a fact with an object value', { user: { facts: [{ id: 'f', description: 'd', value: { a: 1 }, aliases: ['f'] }] } }, /^user\.facts\[0\]\.value: /],
    ['a tool whose parameters are not an object schema', { tools: [{ name: 't', description: '', parameters: { type: 'string' }, mock: {} }] }, /^tools\[0\]\.parameters\.type: /],
    ['a tool name with a space', { tools: [{ name: 'get booking', description: '', parameters: { type: 'object' }, mock: {} }] }, /^tools\[0\]\.name: must match/],
    ['a mock case with both result and error', { tools: [{ name: 't', description: '', parameters: { type: 'object' }, mock: { cases: [{ when: {}, result: 1, error: 2 }] } }] }, /^tools\[0\]\.mock\.cases\[0\]/],
    ['a rubric weight over 1000', { rubric: [{ id: 'r', kind: 'subgoal', description: '', weight: 1001, check: { type: 'said', pattern: 'x' } }] }, /^rubric\[0\]\.weight: /],
    ['a rubric weight of 0', { rubric: [{ id: 'r', kind: 'subgoal', description: '', weight: 0, check: { type: 'said', pattern: 'x' } }] }, /^rubric\[0\]\.weight: /],
    ['an unknown rubric kind', { rubric: [{ id: 'r', kind: 'bonus', description: '', check: { type: 'said', pattern: 'x' } }] }, /^rubric\[0\]\.kind: /],
    ['maxTurns 0', { limits: { maxTurns: 0 } }, /^limits\.maxTurns: /],
    ['a negative maxToolCalls', { limits: { maxToolCalls: -1 } }, /^limits\.maxToolCalls: /],
  ])('refuses %s', (_name, patch, error) => expect(verdict(patch)).toMatch(error));

  it.each<[string, Record<string, unknown>]>([
    ['a 64-character id', { id: `a${'b'.repeat(63)}` }],
    ['an id with dots, dashes and underscores', { id: 'travel.rebook_v2-1' }],
    ['maxToolCalls 0 (no tool calls allowed)', { limits: { maxToolCalls: 0 } }],
    ['a boolean and a number fact value', { user: { facts: [{ id: 'a', description: 'd', value: false, aliases: ['a'] }, { id: 'b', description: 'd', value: 0, aliases: ['b'] }] } }],
    ['an empty fullInstruction', { fullInstruction: '' }],
  ])('accepts %s', (_name, patch) => expect(verdict(patch)).toBe('ok'));

  it('refuses a 65-character id', () => expect(verdict({ id: `a${'b'.repeat(64)}` })).toMatch(/^id: /));
});

describe('TaskId and ToolName', () => {
  it.each<[string, boolean]>([
    ['a', true],
    ['0abc', true],
    ['-abc', false],
    ['.abc', false],
    ['', false],
    ['a/b', false],
  ])('TaskId %j: %s', (id, ok) => expect(TaskId.safeParse(id).success).toBe(ok));

  it.each<[string, boolean]>([
    ['get_booking', true],
    ['GetBooking-2', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['', false],
    ['a.b', false],
  ])('ToolName %j: %s', (name, ok) => expect(ToolName.safeParse(name).success).toBe(ok));
});

describe('Check', () => {
  it.each<[unknown, boolean]>([
    [{ type: 'said', pattern: 'x' }, true],
    [{ type: 'said', pattern: 'x', role: 'user' }, true],
    [{ type: 'said', pattern: 'x', role: 'tool' }, false],
    [{ type: 'asked_more_than', n: 0 }, true],
    [{ type: 'asked_more_than', n: 1.5 }, false],
    [{ type: 'judge', criterion: '' }, false],
    [{ type: 'any', of: [] }, false],
    [{ type: 'all', of: [{ type: 'any', of: [{ type: 'world', query: 'a' }] }] }, true],
    [{ type: 'all', of: [{ type: 'any', of: [{ type: 'world' }] }] }, false],
    [{ type: 'tool_called', tool: 't', args: { a: 1 }, ok: true }, true],
    [{ type: 'tool_called', tool: 't', extra: 1 }, false],
    [{ type: 'nope' }, false],
  ])('%j: %s', (check, ok) => expect(Check.safeParse(check).success).toBe(ok));
});

describe('scripts', () => {
  it('a call step without args gets {}', () => {
    expect(AgentScript.parse([{ call: 't' }, { say: 'hi' }, { finish: 'bye' }, {}])).toEqual([{ call: 't', args: {} }, { say: 'hi' }, { finish: 'bye' }, {}]);
  });

  it.each<[unknown, boolean]>([
    [[{ say: 'hi' }, { stop: true }], true],
    [[{ stop: false }], false],
    [[{ call: 't' }], false],
    [[], true],
  ])('UserScript %j: %s', (script, ok) => expect(UserScript.safeParse(script).success).toBe(ok));
});

describe('stepIssue', () => {
  it.each<[unknown, 'agent' | 'user', RegExp | null]>([
    [{ say: 'hi' }, 'agent', null],
    [{ say: 3 }, 'agent', /say/],
    [{ call: 't', args: [] }, 'agent', /args/],
    [{ call: 't', args: {}, extra: 1 }, 'agent', /extra|unrecognized/i],
    [{ finish: 3 }, 'agent', /finish/],
    [{ stop: false }, 'user', /stop|true/],
    [{ stop: true }, 'user', null],
    [{ call: 't' }, 'user', null], // not a user step shape at all: nothing to point at
    [{ other: 1 }, 'agent', null],
    ['say', 'agent', null],
    [null, 'agent', null],
    [[{ say: 'x' }], 'agent', null],
  ])('%j as %s', (step, side, issue) => {
    const got = stepIssue(step, side);
    if (issue === null) expect(got).toBeNull();
    else expect(`${got?.path.join('.')} ${got?.message} ${JSON.stringify(got)}`).toMatch(issue);
  });
});

describe('limitsOf', () => {
  it.each<[unknown, { maxTurns: number; maxToolCalls: number }]>([
    [undefined, { ...DEFAULT_LIMITS }],
    [{}, { ...DEFAULT_LIMITS }],
    [{ maxTurns: 3 }, { maxTurns: 3, maxToolCalls: DEFAULT_LIMITS.maxToolCalls }],
    [{ maxToolCalls: 0 }, { maxTurns: DEFAULT_LIMITS.maxTurns, maxToolCalls: 0 }],
    [{ maxTurns: 1, maxToolCalls: 2 }, { maxTurns: 1, maxToolCalls: 2 }],
  ])('%j → %j', (limits, expected) => expect(limitsOf(tinyTask({ limits }))).toEqual(expected));
});
