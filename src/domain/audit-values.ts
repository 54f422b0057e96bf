/**
 * Concrete values in free text, for the `invented_value` detector (SPEC §6): numbers and amounts,
 * dates, times, ids/codes such as `BK-4411`, and e-mail addresses. Each value gets a key that is the
 * same however it is spelled (`$6,500` and `6500`; `2026-04-23` and `April 23, 2026`; `bk-4411` and
 * `BK4411`), so "was the user given this value?" is one set lookup.
 */
import { memos } from './memo.js';

export type ValueKind = 'number' | 'date' | 'time' | 'code' | 'email';

export interface ConcreteValue {
  /** As written in the text. */
  text: string;
  kind: ValueKind;
  /** Spelling-free identity (see `KnownValues`). */
  key: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const ISO_DATE = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g;
const US_DATE = /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/g;
const MONTH_DAY = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'gi');
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b(?:,?\\s+(\\d{4})\\b)?`, 'gi');
const TIME = /\b(\d{1,2}):(\d{2})\s*(am|pm|a\.m\.|p\.m\.)?(?![\w:])|\b(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)(?!\w)/gi;
/** A run of letters and digits, possibly joined by `-`, `_` or `/`, holding at least one digit. */
const TOKEN = /(?<![\w@.])[A-Za-z0-9]+(?:[-_/][A-Za-z0-9]+)*(?![\w@])/g;

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  hundred: 100, thousand: 1000, dozen: 12, once: 1, twice: 2, single: 1, double: 2, half: 0.5,
};

const numKey = (n: number): string => `num:${Number(n.toFixed(6))}`;
const pad = (n: number): string => String(n).padStart(2, '0');
const monthIndex = (name: string): number => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

function dateValue(text: string, month: number, day: number, year?: number): ConcreteValue | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const md = `${pad(month)}-${pad(day)}`;
  return { text, kind: 'date', key: year === undefined ? `date:${md}` : `date:${year}-${md}` };
}

function timeValue(text: string, hour: number, minute: number, half?: string): ConcreteValue | null {
  let h = hour;
  const pm = half?.toLowerCase().startsWith('p');
  if (half && h === 12) h = pm ? 12 : 0;
  else if (pm) h += 12;
  if (h > 23 || minute > 59) return null;
  return { text, kind: 'time', key: `time:${pad(h)}:${pad(minute)}` };
}

function numberOf(text: string): number {
  return Number(text.replace(/[$€£,]/g, ''));
}

/** Removes each match from the text (blanked, so offsets and word edges stay) and returns the values found. */
function take(text: string, re: RegExp, make: (m: RegExpExecArray) => ConcreteValue | null): [string, ConcreteValue[]] {
  const out: ConcreteValue[] = [];
  const rest = text.replace(re, (...args) => {
    const m = args.slice(0, -2) as unknown as RegExpExecArray;
    const v = make(m);
    if (!v) return args[0] as string;
    out.push(v);
    return ' '.repeat((args[0] as string).length);
  });
  return [rest, out];
}

/** Words with digits that name things, not values a user could invent (`4G`, `MP3`, `24/7`, `COVID-19`). */
const COMMON = new Set(['2fa', '3d', '2d', '4g', '5g', '3g', '4k', '8k', 'mp3', 'mp4', 'b2b', 'b2c', 'p2p', '24/7', 'covid-19', '1080p', '720p', 'usb-c', 'wi-fi6', 'a4', 'h1b', 'w-2', 'w2', '401k', '401-k', '9-5', '9/11']);

/** A token with digits: an id/code, or a number written with a unit glued on (`3rd`, `5k`, `60-month`). */
function tokenValues(token: string): ConcreteValue[] {
  if (!/\d/.test(token) || COMMON.has(token.toLowerCase())) return [];
  const ordinal = /^(\d+)(st|nd|rd|th|s)$/i.exec(token);
  if (ordinal) return [{ text: token, kind: 'number', key: numKey(Number(ordinal[1])) }];
  const thousands = /^(\d+(?:\.\d+)?)k$/i.exec(token);
  if (thousands) return [{ text: token, kind: 'number', key: numKey(Number(thousands[1]) * 1000) }];
  const parts = token.split(/[-_/]/);
  // Digits joined to lower-case words (`60-month`, `24-hour`) or short digit groups (`1-2`): numbers.
  const plainNumbers = parts.every((p) => /^\d+$/.test(p) || /^[a-z]+$/.test(p)) && !(parts.every((p) => /^\d+$/.test(p)) && token.replace(/\D/g, '').length >= 6);
  if (plainNumbers) return parts.filter((p) => /^\d+$/.test(p)).map((p) => ({ text: p, kind: 'number' as const, key: numKey(Number(p)) }));
  return [{ text: token, kind: 'code', key: `code:${token.replace(/[-_/]/g, '').toUpperCase()}` }];
}

/** Characters of a text that concreteValues reads. */
export const MAX_SCAN = 20_000;

const valuesByText = memos.table<string, readonly ConcreteValue[]>('audit-values.by-text', 2000);

/**
 * Every concrete value stated in a text (its first MAX_SCAN characters), in the order written. The
 * rule user reads the same agent message for each fact, and a replay reads the same messages in every
 * recording of a play: the values of recent texts are remembered.
 */
export function concreteValues(input: string): readonly ConcreteValue[] {
  const key = input.length > MAX_SCAN ? input.slice(0, MAX_SCAN) : input;
  let hit = valuesByText.get(key);
  if (!hit) {
    hit = Object.freeze(readValues(key));
    valuesByText.set(key, hit);
  }
  return hit;
}

function readValues(input: string): ConcreteValue[] {
  const found: ConcreteValue[] = [];
  // "100%" as in "I'm 100% sure" is a manner of speaking, not a figure. Only the first MAX_SCAN
  // characters are read: a message longer than that is not a chat reply, and must not stall a replay.
  const text0 = input.slice(0, MAX_SCAN);
  let text = text0.replace(/\b100\s?%/g, (m) => ' '.repeat(m.length));
  let got: ConcreteValue[];
  [text, got] = take(text, EMAIL, (m) => ({ text: m[0], kind: 'email', key: `email:${m[0].toLowerCase()}` }));
  found.push(...got);
  [text, got] = take(text, ISO_DATE, (m) => dateValue(m[0], Number(m[2]), Number(m[3]), Number(m[1])));
  found.push(...got);
  [text, got] = take(text, US_DATE, (m) => dateValue(m[0], Number(m[1]), Number(m[2]), m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3])));
  found.push(...got);
  [text, got] = take(text, MONTH_DAY, (m) => dateValue(m[0], monthIndex(m[1]!), Number(m[2]), m[3] ? Number(m[3]) : undefined));
  found.push(...got);
  [text, got] = take(text, DAY_MONTH, (m) => dateValue(m[0], monthIndex(m[2]!), Number(m[1]), m[3] ? Number(m[3]) : undefined));
  found.push(...got);
  [text, got] = take(text, TIME, (m) => (m[1] !== undefined ? timeValue(m[0], Number(m[1]), Number(m[2]), m[3]) : timeValue(m[0], Number(m[4]), 0, m[5])));
  found.push(...got);
  // Amounts with a currency sign or thousands commas first, so `$6,500` is one value, not three.
  [text, got] = take(text, /[$€£]\d[\d,]*(?:\.\d+)?(?:k\b)?|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|(?<![\w.])\d+(?:\.\d+)?k\b/gi, (m) => {
    const n = m[0].toLowerCase().endsWith('k') ? numberOf(m[0].slice(0, -1)) * 1000 : numberOf(m[0]);
    return Number.isFinite(n) ? { text: m[0], kind: 'number', key: numKey(n) } : null;
  });
  found.push(...got);
  [text, got] = take(text, /(?<![\w.])\d+\.\d+(?![\w]|\.\d)/g, (m) => ({ text: m[0], kind: 'number', key: numKey(Number(m[0])) }));
  found.push(...got);
  [text, got] = take(text, TOKEN, (m) => {
    const values = tokenValues(m[0]);
    if (values.length === 0) return null;
    found.push(...values.slice(1));
    return values[0]!;
  });
  found.push(...got);
  // In the order they are written (a value found twice is reported once, at its first place).
  return found.map((v) => ({ v, at: text0.indexOf(v.text) })).sort((a, b) => a.at - b.at).map(({ v }) => v);
}

/**
 * What someone was given, as value keys. A value counts as known when its key was added, with some
 * slack where spellings lose information: a date without a year is known if the day was known in any
 * year; a dated day is known if the day was given without a year and the year was mentioned; a time on
 * the hour is known if its hour was given as a number ("before 11").
 */
export class KnownValues {
  private readonly keys = new Set<string>();

  /** Adds every value in a text, plus the numbers inside codes and dates, plus number words. */
  addText(text: string): void {
    for (const v of concreteValues(text)) {
      this.keys.add(v.key);
      if (v.kind === 'date') {
        const [, y, md] = /^date:(?:(\d+)-)?(\d\d-\d\d)$/.exec(v.key) ?? [];
        if (md) this.keys.add(`date:${md}`);
        if (y) this.keys.add(numKey(Number(y)));
        if (md) for (const part of md.split('-')) this.keys.add(numKey(Number(part)));
      }
      if (v.kind === 'code' || v.kind === 'email' || v.kind === 'time') for (const digits of v.text.match(/\d+/g) ?? []) this.keys.add(numKey(Number(digits)));
      if (v.kind === 'time') this.keys.add(numKey(Number(v.key.slice(5, 7))));
    }
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
      const n = NUMBER_WORDS[word];
      if (n !== undefined) this.keys.add(numKey(n));
    }
  }

  /** Adds every string and number inside a JSON value (tool arguments and results). */
  addJson(value: unknown): void {
    const stack: unknown[] = [value];
    while (stack.length > 0) {
      const v = stack.pop();
      if (typeof v === 'string') this.addText(v);
      else if (typeof v === 'number') this.keys.add(numKey(v));
      else if (Array.isArray(v)) stack.push(...v);
      else if (v !== null && typeof v === 'object') stack.push(...Object.values(v));
    }
  }

  has(v: ConcreteValue): boolean {
    if (this.keys.has(v.key)) return true;
    if (v.kind === 'date') {
      const m = /^date:(\d+)-(\d\d-\d\d)$/.exec(v.key);
      return m !== null && this.keys.has(`date:${m[2]}`) && this.keys.has(numKey(Number(m[1])));
    }
    // A number written with separators (a phone number regrouped) is known when each of its groups is.
    if (v.kind === 'code' && !/[a-z]/i.test(v.text)) return (v.text.match(/\d+/g) ?? []).every((d) => this.keys.has(numKey(Number(d))));
    if (v.kind === 'time' && v.key.endsWith(':00')) {
      const h = Number(v.key.slice(5, 7));
      return this.keys.has(numKey(h)) || this.keys.has(numKey(h > 12 ? h - 12 : h));
    }
    return false;
  }
}
