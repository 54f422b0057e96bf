import { isPlainObject } from './json.js';

/** One difference between two JSON values, at a path like `result[0].departs`. */
export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
}

/** The leaf-level differences of two JSON values, at most `limit` of them, in document order. */
export function jsonDiff(expected: unknown, actual: unknown, limit = 8): Difference[] {
  const out: Difference[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      for (const k of keys) walk(a[k], b[k], path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path || '(value)', expected: a, actual: b });
  };
  walk(expected, actual, '');
  return out;
}
