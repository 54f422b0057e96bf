import { memos } from './memo.js';

/** Text matching rules shared by the simulator, reveal detection and the rubric. */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when `phrase` occurs in `text` as a whole word or phrase, case-insensitively:
 * not glued to a letter or digit on either side ("seat" matches "seat?" but not "seating").
 */
export function containsPhrase(text: string, phrase: string, lowerText = text.toLowerCase()): boolean {
  const needle = asciiLower(phrase);
  if (needle === null) return phraseRegExp(phrase)?.test(text) ?? false;
  if (needle === '') return false;
  // An ASCII phrase is found by substring in the lower-cased text, then its edges are checked: no
  // regular expression to compile per phrase (a Unicode-aware one costs far more than the search).
  for (let at = lowerText.indexOf(needle); at >= 0; at = lowerText.indexOf(needle, at + 1)) {
    if (!isWordChar(charBefore(lowerText, at)) && !isWordChar(charAt(lowerText, at + needle.length))) return true;
  }
  return false;
}

/** Where `phrase` occurs in `text` as a whole word or phrase (as containsPhrase): `[start, end)` spans. */
export function phraseSpans(text: string, phrase: string, lowerText = text.toLowerCase()): [number, number][] {
  const needle = asciiLower(phrase);
  const spans: [number, number][] = [];
  if (needle === null) {
    const re = phraseRegExp(phrase);
    if (!re) return spans;
    const all = new RegExp(re.source, 'giu');
    for (let m = all.exec(text); m; m = all.exec(text)) spans.push([m.index, m.index + m[0].length]);
    return spans;
  }
  if (needle === '') return spans;
  for (let at = lowerText.indexOf(needle); at >= 0; at = lowerText.indexOf(needle, at + 1)) {
    if (!isWordChar(charBefore(lowerText, at)) && !isWordChar(charAt(lowerText, at + needle.length))) spans.push([at, at + needle.length]);
  }
  return spans;
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

function isWordChar(ch: string): boolean {
  return ch !== '' && (ch.charCodeAt(0) < 0x80 ? /[a-z0-9]/i.test(ch) : WORD_CHAR.test(ch));
}

/** The whole character (a surrogate pair counts as one) that ends just before `at`. */
function charBefore(text: string, at: number): string {
  if (at <= 0) return '';
  const low = text.charCodeAt(at - 1);
  return low >= 0xdc00 && low <= 0xdfff && at >= 2 ? text.slice(at - 2, at) : text[at - 1]!;
}

/** The whole character that starts at `at`. */
function charAt(text: string, at: number): string {
  const cp = text.codePointAt(at);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

const lowered = memos.table<string, string | null>('text-match.lowered', 10_000);

/** The trimmed, lower-cased phrase when it is plain ASCII (safe to pre-check by substring), else null. */
function asciiLower(phrase: string): string | null {
  let hit = lowered.get(phrase);
  if (hit === undefined) {
    const needle = phrase.trim();
    hit = /^[\x20-\x7e]*$/.test(needle) ? needle.toLowerCase() : null;
    lowered.set(phrase, hit);
  }
  return hit;
}

const phraseCache = memos.table<string, RegExp | null>('text-match.phrases', 10_000);

function phraseRegExp(phrase: string): RegExp | null {
  let re = phraseCache.get(phrase);
  if (re === undefined) {
    const needle = phrase.trim();
    re = needle === '' ? null : new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'iu');
    phraseCache.set(phrase, re);
  }
  return re;
}

/** A fact value "appears" in a message when its text form occurs as a whole word or phrase. */
export function valueAppears(text: string, value: string | number | boolean, lowerText?: string): boolean {
  return containsPhrase(text, String(value), lowerText);
}

/** An agent message is a question when it contains a question mark (SPEC §1 `asked_more_than`). */
export function isQuestion(text: string): boolean {
  return text.includes('?');
}

/** The sentences of a message that end in a question mark (one pass: a long message costs no more than its length). */
export function questionSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '\n') continue;
    const sentence = text.slice(start, i + 1).trim();
    if (ch === '?' && sentence.length > 1) out.push(sentence);
    start = i + 1;
  }
  return out;
}
