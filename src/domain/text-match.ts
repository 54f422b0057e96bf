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
  // Cheap pre-check: an ASCII phrase that is not even a substring cannot match (most aliases don't).
  if (needle !== null && !lowerText.includes(needle)) return false;
  return phraseRegExp(phrase)?.test(text) ?? false;
}

const lowered = new Map<string, string | null>();

/** The trimmed, lower-cased phrase when it is plain ASCII (safe to pre-check by substring), else null. */
function asciiLower(phrase: string): string | null {
  let hit = lowered.get(phrase);
  if (hit === undefined) {
    const needle = phrase.trim();
    hit = /^[\x20-\x7e]*$/.test(needle) ? needle.toLowerCase() : null;
    if (lowered.size > 10_000) lowered.clear();
    lowered.set(phrase, hit);
  }
  return hit;
}

const phraseCache = new Map<string, RegExp | null>();

function phraseRegExp(phrase: string): RegExp | null {
  let re = phraseCache.get(phrase);
  if (re === undefined) {
    const needle = phrase.trim();
    re = needle === '' ? null : new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'iu');
    if (phraseCache.size > 10_000) phraseCache.clear();
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
