import { AUDIT_KIND_NAMES, type AuditSide, type Finding } from './audit-kinds.js';
import { ToolAnswers, schemaViolations } from './audit-tool.js';
import { auditUserSide } from './audit-user.js';
import type { Event } from './events.js';
import type { Annotation } from './recording.js';
import type { Task } from './task.js';

/** What the audit reads of a recording (a live session has the same: its task and events so far). */
export interface Audited {
  task: Task;
  events: readonly Event[];
  annotations?: readonly Annotation[];
}

export interface AuditOptions {
  /** Tool answers of the other recordings audited together (`inconsistent_result` across them). */
  ledger?: ToolAnswers;
  /** This recording's name in details that point at it from another one (its file). */
  label?: string;
}

/**
 * Every simulator fault in one recording (SPEC §6), ordered by seq: the rule detectors, then each
 * annotation as a finding of its kind. Pure: the playground and the viewer call it on what they show.
 */
export function auditRecording(rec: Audited, options: AuditOptions = {}): Finding[] {
  const ledger = options.ledger ?? new ToolAnswers();
  const findings = [
    ...auditUserSide(rec.task, rec.events),
    ...ledger.observe(options.label ?? 'this recording', rec.task, rec.events),
    ...schemaViolations(rec.task, rec.events),
    ...annotationFindings(rec.events, rec.annotations ?? []),
  ];
  return findings.sort((a, b) => a.seq - b.seq);
}

/** Annotations count as findings of their kind; the side is the event's (tool events: tool, else user). */
export function annotationFindings(events: readonly Event[], annotations: readonly Annotation[]): Finding[] {
  return annotations.map((a) => {
    const event = events.find((e) => e.seq === a.seq);
    const side: AuditSide = event?.type === 'tool_call' || event?.type === 'tool_result' ? 'tool' : 'user';
    return { seq: a.seq, side, kind: a.kind, detail: `${a.by} noted: ${a.note || '(no note)'}` };
  });
}

/** Findings grouped by the seq of the event they flag (what a transcript row or an inspector shows). */
export function findingsBySeq(findings: readonly Finding[]): Map<number, Finding[]> {
  const out = new Map<number, Finding[]>();
  for (const f of findings) out.set(f.seq, [...(out.get(f.seq) ?? []), f]);
  return out;
}

/** Counts per kind: every kind of SPEC §6 (0 when none), then any other kind annotations used. */
export function countByKind(findings: readonly Finding[]): Record<string, number> {
  return { ...Object.fromEntries(AUDIT_KIND_NAMES.map((k) => [k, 0])), ...foundKinds(findings) };
}

/** Counts of the kinds found only (a session's tally in a batch). */
export function foundKinds(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return counts;
}

/** "invented_value 2, unasked_reveal 1": the kinds found, most first. */
export function countsLine(counts: Record<string, number>): string {
  const found = Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return found.length === 0 ? 'none' : found.map(([k, n]) => `${k} ${n}`).join(', ');
}
