import type { Event } from '../domain/events.js';
import { isPlainObject } from '../domain/json.js';
import { assertNever } from '../errors.js';

export type Tone = 'user' | 'agent' | 'tool' | 'ok' | 'error' | 'hit' | 'violation' | 'note' | 'end';

/** The parts of a transcript row: a label, its whole text, and a trailing mark (reveals, via…). Callers cut the text to their room. */
export interface RowParts {
  tone: Tone;
  label: string;
  text: string;
  mark?: string;
}

export function rowParts(e: Event): RowParts {
  switch (e.type) {
    case 'user_message':
      return { tone: 'user', label: 'user', text: e.text, mark: e.reveals.length ? `🔓 reveals ${e.reveals.join(', ')}` : undefined };
    case 'agent_message':
      return { tone: 'agent', label: 'agent', text: e.text };
    case 'tool_call':
      return { tone: 'tool', label: '→ call', text: `${e.tool} ${JSON.stringify(e.args) ?? 'null'}` };
    case 'tool_result':
      // `via` first, so cutting a long result never hides it.
      return e.ok
        ? { tone: 'ok', label: '← ok', text: `(${e.via}) ${JSON.stringify(e.result) ?? 'null'}` }
        : { tone: 'error', label: '← error', text: `(${e.via}) ${typeof e.error === 'string' ? e.error : JSON.stringify(e.error)}` };
    case 'rubric_hit':
      return e.kind === 'forbidden'
        ? { tone: 'violation', label: '✗ violated', text: e.item, mark: e.kind }
        : { tone: 'hit', label: '✓ hit', text: e.item, mark: e.kind };
    case 'end':
      return { tone: 'end', label: '■ end', text: e.reason.replace(/_/g, ' ') };
    case 'note':
      return { tone: 'note', label: `note ${e.level}`, text: e.text };
    default:
      return assertNever(e);
  }
}

/** A short description of an event for the end screen ("#5 ← ok (query) {…}"). */
export function eventSummary(e: Event | undefined): string {
  if (!e) return '';
  const p = rowParts(e);
  return clip(`#${e.seq} ${p.label} ${oneLine(p.text)}`, 60);
}

// C0 controls and DEL other than tab and line breaks: a terminal would act on them (move the cursor, ring).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * `text` for a place that holds one row (a list, a summary): each run of line breaks becomes " ⏎ ",
 * tabs become spaces and other control characters go. Callers still cut it to their width.
 */
export function oneLine(text: string): string {
  return text
    .replace(CONTROL, '')
    .trim()
    .replace(/[^\S\r\n]*(?:\r\n|\r|\n)\s*/g, ' ⏎ ')
    .replace(/\t/g, ' ');
}

/**
 * `text` for a place that shows it over several lines (a message in the transcript): line breaks made
 * "\n", blank lines inside kept (they separate paragraphs), blank lines around and trailing spaces
 * dropped, tabs as two spaces, other control characters removed.
 */
export function multiLine(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/\t/g, '  ')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Cuts `text` to at most `chars` characters, marking the cut with an ellipsis. */
export function clip(text: string, chars: number): string {
  const cps = Array.from(text);
  return cps.length > chars ? `${cps.slice(0, Math.max(0, chars - 1)).join('').trimEnd()}…` : text;
}

/**
 * Word-wraps `text` (whitespace runs collapsed) into lines of at most `width` characters. Lines break
 * at a space, or after a comma so that compact JSON wraps between its values; a run with neither is
 * split where the line ends. Characters are counted as code points: wide glyphs may still overflow,
 * so callers render each line with `wrap="truncate-end"`.
 */
export function wrapText(text: string, width: number): string[] {
  return wrapClipped(text, width, Number.POSITIVE_INFINITY);
}

/** [start, end) of each line in `cps`. */
function wrapSpans(cps: readonly string[], width: number): [number, number][] {
  const w = Math.max(1, Math.floor(width));
  const spans: [number, number][] = [];
  let start = 0;
  while (cps.length - start > w) {
    let end = start + w; // hard split, unless a better break is found in the last two thirds of the line
    let next = end;
    for (let i = start + w; i > start + Math.floor(w / 3); i--) {
      if (cps[i] === ' ') {
        end = i;
        next = i + 1;
        break;
      }
      if (cps[i - 1] === ',') {
        end = i;
        next = i;
        break;
      }
    }
    spans.push([start, end]);
    start = next;
    while (cps[start] === ' ') start++;
  }
  spans.push([start, cps.length]);
  return spans;
}

/**
 * `text` wrapped to `width` with its own spacing kept: each line break stays, and a wrapped line's
 * continuation starts under its first character after the indent (pretty JSON stays readable). Lines
 * break as in wrapText.
 */
export function wrapKeep(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => {
    const indent = /^ */.exec(line)![0].length;
    const pad = Math.min(indent, Math.max(0, Math.floor(width) - 10));
    const cps = Array.from(line.slice(pad));
    return wrapSpans(cps, Math.max(1, Math.floor(width) - pad)).map(([a, b]) => ' '.repeat(pad) + cps.slice(a, b).join(''));
  });
}

/**
 * `text` wrapped to `width`, at most `maxLines` lines; when it is longer, the last line ends with
 * "… (N more chars)" so the cut is never silent, and with `how` ("/inspect 12") it says how to see the rest.
 */
export function wrapClipped(text: string, width: number, maxLines: number, how = ''): string[] {
  const cps = Array.from(text.replace(/\s+/g, ' ').trim());
  const spans = wrapSpans(cps, width);
  if (spans.length <= maxLines) return spans.map(([a, b]) => cps.slice(a, b).join(''));
  const kept = spans.slice(0, Math.max(1, maxLines));
  const last = kept.at(-1)!;
  const marker = (n: number): string => `… (${n} more chars${how ? ` · ${how}` : ''})`;
  // The marker's count depends on where the last line ends, so fit it with the widest count.
  const room = Math.max(1, Math.floor(width) - marker(cps.length).length);
  const end = Math.min(last[1], last[0] + room);
  const lines = kept.slice(0, -1).map(([a, b]) => cps.slice(a, b).join(''));
  lines.push(`${cps.slice(last[0], end).join('')}${marker(cps.length - end)}`);
  return lines;
}

/** One changed leaf of the world between two steps: its path ("bookings[0].flight_id") and both values. */
export interface WorldChange {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * The leaves that differ between two worlds, in document order. A leaf is a value that is not an
 * object or array, or one of those that appears or disappears as a whole (`undefined` on the missing side).
 */
export function worldChanges(before: unknown, after: unknown, path = ''): WorldChange[] {
  if (before === after) return [];
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  const bothObjects = isPlainObject(before) && isPlainObject(after);
  if (!bothArrays && !bothObjects) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || '(world)', before, after }];
  }
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = bothArrays
    ? Array.from({ length: Math.max((before as unknown[]).length, (after as unknown[]).length) }, (_v, i) => String(i))
    : [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => worldChanges(a[k], b[k], bothArrays ? `${path}[${k}]` : path ? `${path}.${k}` : k));
}
