/** Text matching rules shared by the simulator, reveal detection and the rubric. */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when `phrase` occurs in `text` as a whole word or phrase, case-insensitively:
 * not glued to a letter or digit on either side ("seat" matches "seat?" but not "seating").
 */
export function containsPhrase(text: string, phrase: string): boolean {
  const needle = phrase.trim();
  if (needle === '') return false;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'iu');
  return re.test(text);
}

/** A fact value "appears" in a message when its text form occurs as a whole word or phrase. */
export function valueAppears(text: string, value: string | number | boolean): boolean {
  return containsPhrase(text, String(value));
}

/** An agent message is a question when it contains a question mark (SPEC §1 `asked_more_than`). */
export function isQuestion(text: string): boolean {
  return text.includes('?');
}
