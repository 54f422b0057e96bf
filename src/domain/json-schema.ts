import { z } from 'zod';
import type { Result } from './result.js';
import { errorMessage } from '../errors.js';
import { formatPath, isPlainObject } from './json.js';
import { linearPattern, type TextPattern } from './linear-regexp.js';
import { memos } from './memo.js';

export type SchemaCompile = { ok: true; schema: z.ZodType } | { ok: false; error: string };

const byObject = memos.weak<object, SchemaCompile>('json-schema.by-object');
const byText = memos.table<string, SchemaCompile>('json-schema.by-text', 5000);

/**
 * Turns a tool's JSON Schema into a zod validator, cached per schema object and per schema text
 * (replaying a thousand recordings of one task parses the same schemas a thousand times).
 */
export function compileJsonSchema(schema: object): SchemaCompile {
  const known = byObject.get(schema);
  if (known) return known;
  const text = JSON.stringify(schema);
  let hit = byText.get(text);
  if (!hit) {
    try {
      hit = { ok: true, schema: withLinearPatterns(schemaPatterns(schema), () => z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0])) };
    } catch (err) {
      hit = { ok: false, error: errorMessage(err) };
    }
    byText.set(text, hit);
  }
  byObject.set(schema, hit);
  return hit;
}

/**
 * Runs `build` with every RegExp it constructs matching in linear time. zod turns a schema's `pattern`
 * and `patternProperties` into `new RegExp(source)` and tests values with `.test`; for the length of
 * this synchronous call the global RegExp is a subclass whose `test` runs on RE2 (see linear-regexp.ts),
 * so a task's pattern cannot backtrack for ever on a tool call's arguments. A pattern RE2 refuses
 * (lookaround, backreferences) makes the schema unusable, with RE2's reason.
 */
function withLinearPatterns<T>(patterns: readonly string[], build: () => T): T {
  if (patterns.length === 0) return build();
  const Native = globalThis.RegExp;
  // zod builds regular expressions of its own (formats, its checks): those stay native; only the
  // schema's patterns, as JavaScript writes their source, are the task's.
  const own = new Set<string>();
  for (const p of patterns) {
    try {
      own.add(new Native(p).source);
    } catch {
      own.add(p);
    }
  }
  class LinearRegExp extends Native {
    private readonly linear: TextPattern | null = null;
    constructor(source: string | RegExp, flags?: string) {
      super(source, flags);
      if (!own.has(this.source)) return;
      // Compiled with the native RegExp in place: the compiler may build regular expressions of its own.
      globalThis.RegExp = Native;
      try {
        const c = linearPattern(this.source, this.flags.includes('i'));
        if (!c.ok) throw new Error(c.error);
        this.linear = c.pattern;
      } finally {
        globalThis.RegExp = LinearRegExp as unknown as RegExpConstructor;
      }
    }
    override test(text: string): boolean {
      return this.linear ? this.linear.test(String(text)) : super.test(text);
    }
    override exec(text: string): RegExpExecArray | null {
      if (this.linear) throw new Error('a schema pattern is only ever tested');
      return super.exec(text);
    }
  }
  globalThis.RegExp = LinearRegExp as unknown as RegExpConstructor;
  try {
    return build();
  } finally {
    globalThis.RegExp = Native;
  }
}

/** A schema's `pattern`s and `patternProperties` keys: the regular expressions the task wrote. */
function schemaPatterns(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) for (const v of schema) schemaPatterns(v, out);
  else if (isPlainObject(schema)) {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'pattern' && typeof v === 'string') out.push(v);
      else if (k === 'patternProperties' && isPlainObject(v)) out.push(...Object.keys(v));
      if (!DATA_KEYWORDS.has(k)) schemaPatterns(v, out);
    }
  }
  return out;
}

/** One line per problem: `seat: Invalid option…`; unknown keys name the key. */
/** A value checked by a zod schema, its issues as one line when it fails. */
export function checkedBy<T>(schema: z.ZodType<T>, value: unknown): Result<T> {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: describeIssues(parsed.error.issues) };
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = formatPath(issue.path);
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
        return `${keys.join(', ')}: unknown field${keys.length > 1 ? 's' : ''}`;
      }
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Validates tool arguments; returns the error text naming the bad field, or null. */
export function checkArgs(parameters: object, args: unknown): string | null {
  const compiled = compileJsonSchema(parameters);
  if (!compiled.ok) return `tool parameters are not a usable JSON Schema: ${compiled.error}`;
  const parsed = compiled.schema.safeParse(args);
  return parsed.success ? null : describeIssues(parsed.error.issues);
}

/** Keywords whose values are data, not schemas: a `"format": …` inside them is a value, not a keyword. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);

/** Every string value of `keyword` in a JSON Schema, with its path (`pattern`s, `format`s). */
export function schemaStrings(schema: unknown, keyword: string, at: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(schema)) schema.forEach((v, i) => schemaStrings(v, keyword, `${at}[${i}]`, out));
  else if (isPlainObject(schema)) {
    for (const [k, v] of Object.entries(schema)) {
      if (k === keyword && typeof v === 'string') out.push([`${at}.${keyword}`, v]);
      else if (!DATA_KEYWORDS.has(k)) schemaStrings(v, keyword, `${at}.${k}`, out);
    }
  }
  return out;
}

/** The `format`s JSON Schema (2020-12) defines. */
export const SCHEMA_FORMATS: ReadonlySet<string> = new Set([
  'date-time', 'date', 'time', 'duration', 'email', 'idn-email', 'hostname', 'idn-hostname', 'ipv4', 'ipv6',
  'uri', 'uri-reference', 'iri', 'iri-reference', 'uuid', 'uri-template', 'json-pointer', 'relative-json-pointer', 'regex',
]);

/**
 * A copy of a schema in which a `format` JSON Schema does not define ("YYYY-MM-DD", as model-written
 * tools have) is moved into the node's `description`, so the hint survives and the schema validates.
 */
export function knownFormatsOnly(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(knownFormatsOnly);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = DATA_KEYWORDS.has(k) ? v : knownFormatsOnly(v);
  const format = out.format;
  if (typeof format === 'string' && !SCHEMA_FORMATS.has(format)) {
    delete out.format;
    out.description = typeof out.description === 'string' && out.description !== '' ? `${out.description} (format: ${format})` : `format: ${format}`;
  }
  return out;
}
