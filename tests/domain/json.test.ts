import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, formatPath, jsonEqual, jsonInAnswer, jsonText, MAX_NESTING, nestingDepth, nestingProblem, tooDeepAt } from '../../src/domain/json.js';

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

/** `levels` arrays around 1, built without recursion. */
function deepArrays(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

describe('the depth limit', () => {
  it.each([
    ['a scalar', 1, MAX_NESTING, 0, null],
    ['at the limit', deepArrays(MAX_NESTING), MAX_NESTING, MAX_NESTING, null],
    ['one past it: the first segments of the path', deepArrays(MAX_NESTING + 1), MAX_NESTING, MAX_NESTING + 1, '[0][0][0][0][0][0]…'],
    ['the first place past the limit, by path', { a: 1, b: [{ c: [[1]] }] }, 3, 5, 'b[0].c'],
    ['a short path in full', { x: { y: {} } }, 2, 3, 'x.y'],
    ['the value itself', [[1]], 0, 2, ''],
  ])('%s', (_what, value, limit, depth, at) => {
    expect(nestingDepth(value)).toBe(depth);
    expect(tooDeepAt(value, limit)).toBe(at);
  });

  it('100,000 levels are measured, named and written without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(nestingDepth(deep, MAX_NESTING)).toBe(MAX_NESTING + 1);
    expect(nestingProblem(deep)).toBe('[0][0][0][0][0][0]…: nested deeper than 64 levels');
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(jsonText(deep)).toBe(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  });

  it('jsonText writes what JSON.stringify writes (property)', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: false, withMap: false, withSet: false, withBigInt: false, withTypedArray: false, withSparseArray: false, withDate: false, withBoxedValues: false }), (v) => {
      // Deep enough for the iterative path: inside 1,001 arrays.
      let deep: unknown = v;
      for (let i = 0; i < 1001; i++) deep = [deep];
      const expected = JSON.stringify([v]);
      expect(jsonText(deep)).toBe(`${'['.repeat(1000)}${expected ?? '[null]'}${']'.repeat(1000)}`);
    }), { numRuns: 50 });
  });

  it('a model answer nested too deep is refused, naming where', () => {
    expect(jsonInAnswer(`{"verdict": ${'['.repeat(5000)}${']'.repeat(5000)}}`)).toEqual({ ok: false, error: 'the answer is refused: verdict[0][0][0][0][0]…: nested deeper than 64 levels' });
    expect(jsonInAnswer('{"verdict": [[true]]}')).toEqual({ ok: true, value: { verdict: [[true]] } });
  });
});

describe('formatPath', () => {
  it.each<[PropertyKey[], string]>([
    [[], ''],
    [['seat'], 'seat'],
    [['a', 'b'], 'a.b'],
    [['items', 0, 'name'], 'items[0].name'],
    [[0], '[0]'],
    [[0, 1, 'x'], '[0][1].x'],
  ])('%j → %j', (path, text) => expect(formatPath(path)).toBe(text));
});
