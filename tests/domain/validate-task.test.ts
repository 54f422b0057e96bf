import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateTask, validateTaskOnce } from '../../src/domain/validate-task.js';

/** The example task as raw JSON, so each case can break it in one place. */
const example = JSON.parse(
  readFileSync(new URL('../../fixtures/tasks/travel/travel-rebook.json', import.meta.url), 'utf8'),
) as Record<string, any>;

function mutated(mutate: (task: Record<string, any>) => void): Record<string, any> {
  const task = structuredClone(example);
  mutate(task);
  return task;
}

describe('validateTask', () => {
  it('accepts the unmutated example task', () => {
    const checked = validateTask(structuredClone(example));
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    expect(checked.ok && checked.task.id).toBe('travel-rebook');
  });

  it.each<[string, (t: Record<string, any>) => void, string, string]>([
    // references
    ['unknown fact in the rubric', (t) => void (t.rubric[0].check.fact = 'dob'), 'rubric[0].check.fact', 'unknown fact "dob"'],
    ['unknown fact in acted_before_eliciting', (t) => void (t.rubric[7].check.fact = 'dob'), 'rubric[7].check.fact', 'unknown fact "dob"'],
    ['acted_before_eliciting on a fact with no params', (t) => void delete t.user.facts[1].params, 'rubric[8].check.fact', 'has no params'],
    ['unknown tool in a tool_called check', (t) => void (t.rubric[2].check.tool = 'get_bookings'), 'rubric[2].check.tool', 'unknown tool "get_bookings"'],
    ['tool_called args naming no parameter', (t) => void (t.rubric[2].check.args = { ref: 'BK-4411' }), 'rubric[2].check.args.ref', 'has no parameter "ref"'],
    ['unknown tool in a fact\'s params', (t) => void (t.user.facts[0].params[0] = 'lookup.booking_id'), 'user.facts[0].params[0]', 'unknown tool "lookup"'],
    ['unknown parameter in a fact\'s params', (t) => void (t.user.facts[0].params[0] = 'get_booking.ref'), 'user.facts[0].params[0]', 'has no parameter "ref"'],
    ['a param not of the form tool.param', (t) => void (t.user.facts[0].params[0] = 'get_booking'), 'user.facts[0].params[0]', 'not of the form "tool.param"'],
    ['unknown tool in the reference', (t) => void (t.reference[1].call = 'lookup'), 'reference[1].call', 'unknown tool "lookup"'],
    ['a mock case naming no parameter', (t) => void (t.tools[3].mock.cases = [{ when: { ref: 'x' }, result: 1 }]), 'tools[3].mock.cases[0].when.ref', 'has no parameter "ref"'],
    // duplicates
    ['duplicate fact id', (t) => void (t.user.facts[1].id = 'booking_id'), 'user.facts[1].id', 'duplicate id "booking_id"'],
    ['duplicate tool name', (t) => void (t.tools[3].name = 'get_booking'), 'tools[3].name', 'duplicate name "get_booking"'],
    ['duplicate rubric id', (t) => void (t.rubric[3].id = 'looks-up'), 'rubric[3].id', 'duplicate id "looks-up"'],
    // leaks and facts
    ['a fact value in the instruction', (t) => void (t.instruction = 'My booking BK-4411 got cancelled.'), 'instruction', 'value of fact "booking_id"'],
    ['a fact value in the instruction, other case', (t) => void (t.instruction = 'I want an AISLE seat on another flight.'), 'instruction', 'value of fact "seat"'],
    ['a fact value in the system prompt', (t) => void (t.system = 'Offer an aisle seat.'), 'system', 'value of fact "seat"'],
    ['an empty alias', (t) => void t.user.facts[0].aliases.push('  '), 'user.facts[0].aliases[4]', 'empty alias'],
    ['an answer without the value', (t) => void (t.user.facts[0].answer = "It's BK-44."), 'user.facts[0].answer', 'must contain the value "BK-4411"'],
    // expressions
    ['bad JSONata in a mock query', (t) => void (t.tools[0].mock.query = 'world.('), 'tools[0].mock.query', 'bad JSONata'],
    ['bad JSONata in a mock update', (t) => void (t.tools[2].mock.update = 'world ~> |'), 'tools[2].mock.update', 'bad JSONata'],
    ['bad JSONata in a world check', (t) => void (t.rubric[4].check.query = 'world[[['), 'rubric[4].check.query', 'bad JSONata'],
    ['$random in a query', (t) => void (t.tools[0].mock.query = '$random() > 0.5 ? {"id": 1} : {"id": 2}'), 'tools[0].mock.query', 'uses $random()'],
    ['$now with a space before the parenthesis', (t) => void (t.rubric[4].check.query = '$now () > "2026"'), 'rubric[4].check.query', 'uses $now()'],
    ['update without query', (t) => void (t.tools[3].mock.update = 'world'), 'tools[3].mock.update', 'needs a "query"'],
    ['a mock that answers nothing', (t) => void (t.tools[3].mock = {}), 'tools[3].mock', 'answers nothing'],
    ['bad regular expression in said', (t) => void (t.rubric[5].check.pattern = 'UA (14'), 'rubric[5].check.pattern', 'bad regular expression "UA (14"'],
    ['reference call with an invalid enum value', (t) => void (t.reference[4].args.seat = 'aisle seat'), 'reference[4].args', 'seat:'],
    ['reference call missing a required arg', (t) => void delete t.reference[1].args.booking_id, 'reference[1].args', 'booking_id:'],
    ['reference call with an extra arg', (t) => void (t.reference[1].args.passenger = 'Dana'), 'reference[1].args', 'passenger: unknown field'],
    // nesting
    [
      'unknown fact inside any',
      (t) => void (t.rubric[0].check = { type: 'any', of: [{ type: 'said', pattern: 'booking' }, { type: 'fact_elicited', fact: 'dob' }] }),
      'rubric[0].check.of[1].fact',
      'unknown fact "dob"',
    ],
    [
      'bad regex inside all inside any',
      (t) => void (t.rubric[0].check = { type: 'all', of: [{ type: 'any', of: [{ type: 'said', pattern: '(' }] }] }),
      'rubric[0].check.of[0].of[0].pattern',
      'bad regular expression',
    ],
    [
      'unknown tool inside all',
      (t) => void (t.rubric[2].check = { type: 'all', of: [{ type: 'tool_called', tool: 'get_booking' }, { type: 'tool_called', tool: 'nope' }] }),
      'rubric[2].check.of[1].tool',
      'unknown tool "nope"',
    ],
    // shape
    ['missing format', (t) => void delete t.format, 'format', 'missing'],
    ['unknown format', (t) => void (t.format = 'synthagent.task/2'), 'format', 'unknown format "synthagent.task/2"'],
    ['unknown field on a tool', (t) => void (t.tools[0].foo = 1), 'tools[0]', 'unknown field "foo"'],
    ['unknown field on a fact', (t) => void (t.user.facts[0].secret = true), 'user.facts[0]', 'unknown field "secret"'],
    ['unknown field on a mock', (t) => void (t.tools[3].mock.results = []), 'tools[3].mock', 'unknown field "results"'],
    ['unknown field on a check', (t) => void (t.rubric[0].check.extra = 1), 'rubric[0].check', 'unknown field "extra"'],
    ['unknown field on a nested check', (t) => void (t.rubric[0].check = { type: 'any', of: [{ type: 'said', pattern: 'x', role: 'agent', who: 1 }] }), 'rubric[0].check.of[0]', 'unknown field "who"'],
    ['unknown field at the top', (t) => void (t.notes = 'hi'), '', 'unknown field "notes"'],
    ['unknown check type', (t) => void (t.rubric[0].check = { type: 'vibes' }), 'rubric[0].check.type', 'tool_called'],
    ['a check missing its field', (t) => void delete t.rubric[0].check.fact, 'rubric[0].check.fact', 'expected string'],
    ['a bad id', (t) => void (t.id = 'Travel Rebook'), 'id', 'must match'],
    ['a zero weight', (t) => void (t.rubric[0].weight = 0), 'rubric[0].weight', 'Too small'],
    ['an unknown rubric kind', (t) => void (t.rubric[0].kind = 'bonus'), 'rubric[0].kind', '"subgoal"'],
    ['a reference call whose args are not an object', (t) => void (t.reference[1] = { call: 'get_booking', args: [1] }), 'reference[1].args', 'expected record, received array'],
    ['a fact value that is only spaces', (t) => void (t.user.facts[0].value = '   '), 'user.facts[0].value', 'is empty: no reply can reveal it'],
    ['a fact value of a type facts cannot have', (t) => void (t.user.facts[0].value = { id: 'BK-4411' }), 'user.facts[0].value', 'must be a string, number or boolean'],
    ['a JSON Schema format it does not define', (t) => void (t.tools[0].parameters.properties.booking_id.format = 'weekday'), 'tools[0].parameters.properties.booking_id.format', 'unknown format "weekday"'],
  ])('%s → %s', (_name, mutate, path, message) => {
    const checked = validateTask(mutated(mutate));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const at = checked.problems.filter((p) => p.path === path);
    expect(at, JSON.stringify(checked.problems)).not.toEqual([]);
    expect(at.map((p) => p.message).join('\n')).toContain(message);
  });

  it('reports the exact message for an unknown fact', () => {
    const checked = validateTask(mutated((t) => void (t.rubric[0].check.fact = 'dob')));
    expect(checked).toEqual({ ok: false, problems: [{ path: 'rubric[0].check.fact', message: 'unknown fact "dob"' }] });
  });

  it('a duplicate tool name is one problem: its cases are checked against its own parameters', () => {
    const checked = validateTask(mutated((t) => void t.tools.push({ ...structuredClone(t.tools[1]), name: t.tools[0].name })));
    expect(checked.ok ? [] : checked.problems).toEqual([{ path: `tools[${example.tools.length}].name`, message: `duplicate name "${example.tools[0].name}"` }]);
  });

  it('reports every problem, not just the first', () => {
    const checked = validateTask(
      mutated((t) => {
        t.rubric[0].check.fact = 'dob';
        t.rubric[2].check.tool = 'nope';
      }),
    );
    expect(checked.ok ? [] : checked.problems.map((p) => p.path)).toEqual(['rubric[0].check.fact', 'rubric[2].check.tool']);
  });

  it.each<[string, unknown]>([
    ['an array', [example]],
    ['null', null],
    ['a string', 'synthagent.task/1'],
  ])('rejects %s at the top', (_name, raw) => {
    expect(validateTask(raw)).toEqual({ ok: false, problems: [{ path: '', message: 'a task file must hold a JSON object' }] });
  });

  it.each<[string, (t: Record<string, any>) => void]>([
    ['a fact value only as part of a longer word', (t) => void (t.instruction = 'Hi, my flight got cancelled; aisles were full.')],
    ['an answer with the value in another case', (t) => void (t.user.facts[1].answer = 'AISLE, please.')],
    ['a task with no facts and no rubric items that need them', (t) => {
      t.user.facts = [];
      t.rubric = t.rubric.filter((r: { check: { type: string } }) => !['fact_elicited', 'acted_before_eliciting'].includes(r.check.type));
    }],
    ['a JSON Schema format it defines', (t) => void (t.tools.find((x: { name: string }) => x.name === 'search_flights').parameters.properties.date.format = 'date')],
    ['a parameter named "format"', (t) => void (t.tools[0].parameters.properties.format = { type: 'string', enum: ['pdf'] })],
    ['a "format" key inside a default value', (t) => void (t.tools[0].parameters.properties.booking_id.default = { format: 'pdf' })],
  ])('accepts %s', (_name, mutate) => {
    const checked = validateTask(mutated(mutate));
    expect(checked.ok ? [] : checked.problems).toEqual([]);
  });
});

describe('validateTaskOnce', () => {
  it('checks an equal task once: later copies get the task checked first', () => {
    const first = validateTaskOnce(structuredClone(example));
    const again = validateTaskOnce(JSON.parse(JSON.stringify(example)));
    expect(first.ok && again.ok && again.task).toBe(first.ok && first.task);
  });

  it('still refuses a task with the same id that differs in one place', () => {
    validateTaskOnce(structuredClone(example));
    const broken = validateTaskOnce(mutated((t) => void (t.rubric[0].check.fact = 'dob')));
    expect(broken.ok ? [] : broken.problems).toContainEqual({ path: 'rubric[0].check.fact', message: 'unknown fact "dob"' });
  });

  it('refuses a task nested deeper than 64 levels before zod sees it, naming where', () => {
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const checked = validateTaskOnce(mutated((t) => void (t.world.deep = deep)));
    expect(checked.ok ? [] : checked.problems).toEqual([{ path: 'world.deep[0][0][0][0]…', message: 'nested deeper than 64 levels' }]);
  });
});
