import { describe, expect, it } from 'vitest';
import { type Difference, jsonDiff } from '../../src/domain/json-diff.js';

describe('jsonDiff', () => {
  it.each<[string, unknown, unknown, Difference[]]>([
    ['equal values', { a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }, []],
    ['equal objects in another key order', { a: 1, b: 2 }, { b: 2, a: 1 }, []],
    ['two scalars', 1, 2, [{ path: '(value)', expected: 1, actual: 2 }]],
    ['a changed leaf', { result: [{ departs: '10:00' }] }, { result: [{ departs: '11:00' }] }, [{ path: 'result[0].departs', expected: '10:00', actual: '11:00' }]],
    ['a key only on one side', { a: 1 }, { a: 1, b: 2 }, [{ path: 'b', expected: undefined, actual: 2 }]],
    ['a longer array', [1], [1, 2], [{ path: '[1]', expected: undefined, actual: 2 }]],
    ['an object against an array', { a: {} }, { a: [] }, [{ path: 'a', expected: {}, actual: [] }]],
    ['null against a missing key', { a: null }, {}, [{ path: 'a', expected: null, actual: undefined }]],
  ])('%s', (_name, a, b, diffs) => expect(jsonDiff(a, b)).toEqual(diffs));

  it('gives at most `limit` differences, in document order', () => {
    const a = Array.from({ length: 20 }, (_, i) => i);
    const b = a.map((x) => x + 1);
    expect(jsonDiff(a, b).map((d) => d.path)).toEqual(['[0]', '[1]', '[2]', '[3]', '[4]', '[5]', '[6]', '[7]']);
    expect(jsonDiff(a, b, 2)).toHaveLength(2);
    expect(jsonDiff(a, b, 0)).toEqual([]);
  });
});
