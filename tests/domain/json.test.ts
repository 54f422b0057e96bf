import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonEqual } from '../../src/domain/json.js';

describe('jsonEqual', () => {
  it.each([
    ['equal scalars', 1, 1, true],
    ['different scalars', 1, '1', false],
    ['null and an object', null, {}, false],
    ['key order does not matter', { a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    ['a missing key', { a: 1, b: 2 }, { a: 1 }, false],
    ['an extra key', { a: 1 }, { a: 1, b: 2 }, false],
    ['a key holding undefined is no key', { a: 1, b: undefined }, { a: 1 }, true],
    ['... on either side', { a: 1 }, { a: 1, b: undefined }, true],
    ['array and object with the same indices', [1], { 0: 1 }, false],
    ['arrays of different length', [1, 2], [1], false],
    ['a deep difference', { a: { b: { c: [1, 2, 3] } } }, { a: { b: { c: [1, 2, 4] } } }, false],
    ['a key that is on the prototype of the other', { constructor: 1 }, {}, false],
  ])('%s', (_what, a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
    expect(jsonEqual(b, a)).toBe(equal);
  });

  it('agrees with comparing canonical JSON texts (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(jsonEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(jsonEqual(a, structuredClone(a))).toBe(true);
      }),
    );
  });
});
