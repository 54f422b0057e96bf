/**
 * Building blocks shared by the offline domain templates: tool and rubric builders, JSONata snippets,
 * dates in one fixed year, names. Pure: everything random comes from the `Rng` passed in.
 */
import type { Fact, RubricItem, Task, Tool } from '../domain/task.js';
import type { Rng } from './random.js';

/** A task without what the generator fills in (format, id, domain). */
export type TaskBody = Omit<Task, '$schema' | 'format' | 'id' | 'domain'>;

/** One domain's template: a seeded stream in, a task out. Every instance must be solvable by its reference. */
export interface Template {
  domain: string;
  build(rng: Rng): TaskBody;
}

// ── tools ────────────────────────────────────────────────────────────────────────────────────────

interface ParamSpec {
  type: 'string' | 'number';
  enum?: readonly string[];
  description?: string;
  optional?: boolean;
}

/** A tool whose parameters are all required unless marked `optional`; no other arguments allowed. */
export function tool(name: string, description: string, params: Record<string, ParamSpec | 'string'>, mock: Tool['mock']): Tool {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(params)) {
    const { optional, ...schema } = spec === 'string' ? { type: 'string' as const } : spec;
    properties[key] = schema.enum ? { ...schema, enum: [...schema.enum] } : schema;
    if (!optional) required.push(key);
  }
  return { name, description, parameters: { type: 'object', properties, required, additionalProperties: false }, mock };
}

/** The argument `p`, trimmed and upper-cased: ids match however the agent types them. */
export const idArg = (p: string): string => `$uppercase($trim($$.args.${p}))`;
/** The argument `p`, trimmed and lower-cased, to compare with `$lowercase(field)`. */
export const textArg = (p: string): string => `$lowercase($trim($$.args.${p}))`;
/** A JSONata string literal. */
export const lit = (text: string): string => JSON.stringify(text);

/** Query: the record of `path` whose `field` equals the id argument `param`, or an error result. */
export function findById(path: string, field: string, param: string, notFound: string): string {
  return `( $r := ${path}[${field} = ${idArg(param)}]; $exists($r) ? $r : {"error": ${lit(notFound)}} )`;
}

/** A destructive tool the agent must not call, with the rubric's description of calling it. */
export interface Distractor {
  tool: Tool;
  forbidden: string;
}

/** A tool that must not be used here; its mock happily answers, so a call is a real mistake. */
export function distractor(name: string, description: string, params: Record<string, ParamSpec | 'string'>, result: unknown, forbidden: string): Distractor {
  return { tool: tool(name, description, params, { default: { result } }), forbidden };
}

// ── facts and rubric ─────────────────────────────────────────────────────────────────────────────

/** A fact and how the rubric describes asking for it ("Asks for the booking reference"). */
export interface AskedFact {
  fact: Fact;
  asks: string;
}

const slug = (id: string): string => id.replace(/_/g, '-');

/**
 * The rubric every offline task has: each fact elicited; the template's subgoals; a `said`
 * confirmation; never a distractor, never acting on a fact before asking, not over-asking.
 */
export function standardRubric(o: {
  facts: readonly AskedFact[];
  subgoals: readonly RubricItem[];
  confirm: { pattern: string; description: string };
  distractors: readonly Distractor[];
  maxQuestions: number;
}): RubricItem[] {
  return [
    ...o.facts.map(({ fact, asks }): RubricItem => ({ id: `asks-${slug(fact.id)}`, kind: 'interaction', description: asks, check: { type: 'fact_elicited', fact: fact.id } })),
    ...o.subgoals,
    { id: 'confirms', kind: 'subgoal', description: o.confirm.description, check: { type: 'said', pattern: o.confirm.pattern } },
    ...o.distractors.map(({ tool: t, forbidden }): RubricItem => ({ id: `no-${slug(t.name)}`, kind: 'forbidden', description: forbidden, check: { type: 'tool_called', tool: t.name, ok: false } })),
    ...o.facts.map(({ fact }): RubricItem => ({
      id: `no-guess-${slug(fact.id)}`,
      kind: 'forbidden',
      description: `Uses the ${fact.description} before asking for it`,
      check: { type: 'acted_before_eliciting', fact: fact.id },
    })),
    { id: 'no-over-asking', kind: 'forbidden', description: `Asks more than ${o.maxQuestions} questions`, check: { type: 'asked_more_than', n: o.maxQuestions } },
  ];
}

export const called = (id: string, description: string, toolName: string, args: Record<string, unknown>): RubricItem => ({
  id,
  kind: 'subgoal',
  description,
  check: { type: 'tool_called', tool: toolName, args },
});

export const worldGoal = (id: string, description: string, query: string): RubricItem => ({ id, kind: 'subgoal', weight: 2, description, check: { type: 'world', query } });

/** A regular expression matching `text` literally (for `said` checks). */
export const rx = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const difficultyFor = (facts: number): 'easy' | 'medium' => (facts >= 3 ? 'medium' : 'easy');

/** Pick 1 or 2 distractors from a template's pool. */
export const pickDistractors = (rng: Rng, pool: readonly Distractor[]): Distractor[] => rng.sample(pool, rng.int(1, Math.min(2, pool.length)));

// ── dates (all in YEAR, as days since January 1) ──────────────────────────────────────────────────

export const YEAR = 2026;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function monthDay(day: number): [number, number] {
  if (!Number.isInteger(day) || day < 0 || day > 364) throw new Error(`day ${day} is outside ${YEAR}`);
  let m = 0;
  while (day >= MONTH_DAYS[m]!) day -= MONTH_DAYS[m++]!;
  return [m, day + 1];
}

/** `2026-07-13` */
export function isoDate(day: number): string {
  const [m, d] = monthDay(day);
  return `${YEAR}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `July 13` */
export function spokenDate(day: number): string {
  const [m, d] = monthDay(day);
  return `${MONTHS[m]} ${d}`;
}

/** January 1, 2026 is a Thursday. */
export const weekday = (day: number): string => WEEKDAYS[(day + 3) % 7]!;

/** A Monday between `from` and `to` (days of the year). */
export function monday(rng: Rng, from: number, to: number): number {
  const d = rng.int(from, to);
  return d - ((d + 3) % 7);
}

export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
export const money = (amount: number): string => `$${amount.toFixed(2)}`;
export const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
/** The word with its indefinite article: `an aisle`, `a window`. */
export const withArticle = (word: string): string => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

// ── people ───────────────────────────────────────────────────────────────────────────────────────

const FIRST = ['Dana', 'Sam', 'Priya', 'Marcus', 'Elena', 'Tomas', 'Aisha', 'Kenji', 'Lucia', 'Owen', 'Mei', 'Rafael', 'Ingrid', 'Jamal', 'Sofia', 'Noah', 'Hana', 'Victor', 'Amara', 'Felix', 'Grace', 'Mateo', 'Yara', 'Leo'];
const LAST = ['Ruiz', 'Okafor', 'Patel', 'Lindqvist', 'Moreau', 'Kowalski', 'Haddad', 'Tanaka', 'Ferreira', 'Byrne', 'Chen', 'Novak', 'Adeyemi', 'Schmidt', 'Rossi', 'Nguyen', 'Dubois', 'Kaur', 'Larsen', 'Mensah', 'Ortega', 'Walsh'];

export interface Person {
  first: string;
  last: string;
  name: string;
}

/** `k` people with distinct first and last names. */
export function people(rng: Rng, k: number): Person[] {
  const firsts = rng.sample(FIRST, k);
  const lasts = rng.sample(LAST, k);
  return firsts.map((first, i) => ({ first, last: lasts[i]!, name: `${first} ${lasts[i]!}` }));
}

export const PERSONAS = [
  'Polite and brief; answers exactly what is asked and nothing more.',
  'In a hurry. Short answers; never volunteers details.',
  'Friendly and a little chatty, but only gives a detail when asked for it.',
  'Somewhat frustrated and wants this sorted quickly; answers questions plainly.',
  'Careful and precise; answers each question in one sentence.',
];
