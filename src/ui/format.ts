import type { Event } from '../domain/events.js';
import { assertNever } from '../errors.js';

/** One-line JSON, cut to `max` characters. */
export function oneLine(value: unknown, max = 120): string {
  const s = JSON.stringify(value) ?? 'null';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export type Tone = 'user' | 'agent' | 'tool' | 'ok' | 'error' | 'hit' | 'violation' | 'note' | 'end';

/** The parts of a transcript row: a label, its text, and a trailing mark (reveals, via…). */
export interface RowParts {
  tone: Tone;
  label: string;
  text: string;
  mark?: string;
}

export function rowParts(e: Event, width = 120): RowParts {
  switch (e.type) {
    case 'user_message':
      return { tone: 'user', label: 'user', text: e.text, mark: e.reveals.length ? `🔓 reveals ${e.reveals.join(', ')}` : undefined };
    case 'agent_message':
      return { tone: 'agent', label: 'agent', text: e.text };
    case 'tool_call':
      return { tone: 'tool', label: '→ call', text: `${e.tool} ${oneLine(e.args, width)}` };
    case 'tool_result':
      // `via` first, so cutting a long result never hides it.
      return e.ok
        ? { tone: 'ok', label: '← ok', text: `(${e.via}) ${oneLine(e.result, width)}` }
        : { tone: 'error', label: '← error', text: `(${e.via}) ${typeof e.error === 'string' ? e.error : oneLine(e.error, width)}` };
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

/** A short description of an event for the end screen ("seq 5: tool_result get_booking"). */
export function eventSummary(e: Event | undefined): string {
  if (!e) return '';
  const p = rowParts(e, 40);
  return `#${e.seq} ${p.label} ${p.text}`.slice(0, 60);
}

/** Cuts `text` to at most `chars` characters, marking the cut with an ellipsis. */
export function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, Math.max(0, chars - 1)).trimEnd()}…` : text;
}
