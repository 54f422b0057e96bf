import { memos } from './memo.js';
import { type ConcreteValue, concreteValues } from './audit-values.js';
import { isPlainObject, looseEqual } from './json.js';
import type { Fact, FactValue, Task } from './task.js';
import { containsPhrase, valueAppears } from './text-match.js';

/** The one concrete value a fact value is (a number, date, code…), or null for words. */
function asConcrete(value: FactValue): ConcreteValue | null {
  if (typeof value === 'boolean') return null;
  const text = String(value).trim();
  const found = concreteValues(text);
  return found.length === 1 && found[0]!.text.replace(/^[$€£]/, '') === text.replace(/^[$€£]/, '') ? found[0]! : null;
}

function sameValue(a: ConcreteValue, b: ConcreteValue): boolean {
  if (a.key === b.key) return true;
  // A day given without a year is the same day in any year.
  const day = (k: string): string | null => /^date:(?:\d+-)?(\d\d-\d\d)$/.exec(k)?.[1] ?? null;
  return a.kind === 'date' && b.kind === 'date' && (!/^date:\d+-\d\d-\d\d$/.test(a.key) || !/^date:\d+-\d\d-\d\d$/.test(b.key)) && day(a.key) === day(b.key);
}

/**
 * Whether a message names a value: a number, date or code in any of its spellings; words as a whole
 * phrase. `found` gives the message's concrete values, for a caller that checks many values against one
 * message and reads them once.
 */
export function namesValue(text: string, value: FactValue, found: () => readonly ConcreteValue[] = () => concreteValues(text)): boolean {
  if (valueAppears(text, value)) return true;
  const wanted = asConcrete(value);
  return wanted !== null && found().some((v) => sameValue(v, wanted));
}

/** The message's concrete values, read on the first call and kept. */
export function concreteValuesOnce(text: string): () => readonly ConcreteValue[] {
  let found: readonly ConcreteValue[] | null = null;
  return () => (found ??= concreteValues(text));
}

/**
 * Other values of the slot a fact fills: where the task lists the fact's own value among the values
 * of one of its parameters — the parameter's `enum`, the values mock `cases` match it with, or world
 * values under a key of the parameter's (or the fact's) name — the other values listed there. "Lisbon"
 * is a wrong destination when the world lists flights to Lisbon and to Porto; a parameter whose values
 * never include the fact's own (a symptom filling a `specialty`) offers none.
 */
export function otherValues(task: Task, fact: Fact): readonly (string | number)[] {
  let hit = otherValuesOf.get(fact);
  if (!hit) {
    hit = Object.freeze(slotValues(task, fact));
    otherValuesOf.set(fact, hit);
  }
  return hit;
}

/** By fact object: a fact is part of one task, and tasks are not changed once loaded. */
const otherValuesOf = memos.weak<Fact, readonly (string | number)[]>('fact-values.other-values');

function slotValues(task: Task, fact: Fact): (string | number)[] {
  const slots: unknown[][] = [];
  const keys = new Set([fact.id]);
  for (const param of fact.params ?? []) {
    const [toolName, name] = param.split('.', 2) as [string, string | undefined];
    if (!name) continue;
    keys.add(name);
    const tool = task.tools.find((t) => t.name === toolName);
    const schema = (tool?.parameters.properties as Record<string, unknown> | undefined)?.[name];
    if (isPlainObject(schema) && Array.isArray(schema.enum)) slots.push(schema.enum);
    slots.push((tool?.mock.cases ?? []).map((c) => c.when[name]));
  }
  const world: unknown[] = [];
  const stack: unknown[] = [task.world ?? {}];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (isPlainObject(v)) for (const [k, child] of Object.entries(v)) (keys.has(k) && typeof child !== 'object' ? world.push(child) : stack.push(child));
  }
  slots.push(world);
  const out: (string | number)[] = [];
  for (const slot of slots) {
    if (!slot.some((v) => looseEqual(v, fact.value))) continue;
    for (const v of slot) {
      const usable = (typeof v === 'string' && v.trim() !== '') || typeof v === 'number';
      if (usable && !looseEqual(v, fact.value) && !out.some((o) => looseEqual(o, v))) out.push(v as string | number);
    }
  }
  return out;
}

/**
 * A wrong value of the fact that the message names while not naming the right one, or null: one of
 * `otherValues`, or a code of the fact value's shape (same letters, as many digits: `BK-4412` for
 * `BK-4411`).
 */
export function wrongValueNamed(task: Task, fact: Fact, text: string): string | null {
  if (typeof fact.value === 'boolean' || namesValue(text, fact.value)) return null;
  const listed = otherValues(task, fact).find((v) => (typeof v === 'number' ? namesValue(text, v) : containsPhrase(text, v) && !containsPhrase(String(fact.value), v)));
  if (listed !== undefined) return String(listed);
  const shape = /^([A-Za-z]+)[-_]?(\d+)$/.exec(String(fact.value).trim());
  if (!shape) return null;
  const like = new RegExp(`^${shape[1]}[-_]?\\d{${shape[2]!.length}}$`, 'i');
  return concreteValues(text).find((v) => v.kind === 'code' && like.test(v.text))?.text ?? null;
}
