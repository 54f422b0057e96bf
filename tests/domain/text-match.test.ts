import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPhrase, questionSentences } from '../../src/domain/text-match.js';

/** The rule as a regular expression (SPEC §1: whole word or phrase, case-insensitive): the oracle. */
function byRegExp(text: string, phrase: string): boolean {
  const needle = phrase.trim();
  if (needle === '') return false;
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

describe('containsPhrase', () => {
  it.each([
    ['seat?', 'seat', true],
    ['seating', 'seat', false],
    ['Your BOOKING reference', 'booking reference', true],
    ['prebooking reference', 'booking reference', false],
    ['order 4411.', '4411', true],
    ['order 44110', '4411', false],
    ['costs $4.50 total', '$4.50', true],
    ['x$4.50 (a letter right before it)', '$4.50', false],
    ['seatseat seat', 'seat', true],
    ['séat', 'at', false],
    ['café', 'caf', false],
    ['naïve user', 'ïve', false],
    ['𝒜seat', 'seat', false],
    ['seat𝒜', 'seat', false],
    ['anything', '   ', false],
    ['Zürich', 'zürich', true],
  ])('%j contains %j: %s', (text, phrase, expected) => {
    expect(containsPhrase(text, phrase)).toBe(expected);
    expect(byRegExp(text, phrase)).toBe(expected);
  });

  it('agrees with the regular expression on random text (property)', () => {
    const alphabet = fc.constantFrom(...'abAB12 .?-$é𝒜_'.split(/(?:)/u));
    const text = fc.array(alphabet, { maxLength: 24 }).map((cs) => cs.join(''));
    const phrase = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, phrase, (t, p) => {
        expect(containsPhrase(t, p)).toBe(byRegExp(t, p));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('questionSentences', () => {
  const byRegExp = (text: string) => (text.match(/[^.!?\n]*\?/g) ?? []).map((q) => q.trim()).filter((q) => q.length > 1);
  it.each([
    ['What is your destination?', ['What is your destination?']],
    ['Thanks. When do you fly? And from where?', ['When do you fly?', 'And from where?']],
    ['No question here.', []],
    ['Really?? Yes!\nWhich seat?', ['Really?', 'Which seat?']],
    ['', []],
    ['?', []],
  ])('%j → %j, as the regular expression reads it', (text, expected) => {
    expect(questionSentences(text)).toEqual(expected);
    expect(questionSentences(text)).toEqual(byRegExp(text));
  });

  it('reads a 1 MB message without a question mark in one pass', () => {
    // The regular expression took minutes on this (quadratic); the scan is linear.
    expect(questionSentences('a'.repeat(1_000_000))).toEqual([]);
  });
});
