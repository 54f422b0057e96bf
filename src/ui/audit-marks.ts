import { auditRecording, findingsBySeq } from '../domain/audit.js';
import type { Finding } from '../domain/audit-kinds.js';
import type { Event } from '../domain/events.js';
import type { Annotation } from '../domain/recording.js';
import type { Task } from '../domain/task.js';
import type { EventRemark } from './inspect-lines.js';

/** What the audit says about the events on screen: kinds per seq for the rows, remarks for the inspector. */
export interface AuditMarks {
  bySeq: ReadonlyMap<number, Finding[]>;
  remarks: EventRemark[];
}

/** Audits a log (SPEC §6) for display. A finding about an event is known once the event is logged. */
export function auditMarks(task: Task, events: readonly Event[], annotations?: readonly Annotation[]): AuditMarks {
  const findings = auditRecording({ task, events, annotations });
  return { bySeq: findingsBySeq(findings), remarks: findings.map((f) => ({ seq: f.seq, label: `${f.kind} (${f.side})`, detail: f.detail })) };
}

/** A row's mark: "⚠ invented_value" (each kind once), or '' when nothing is flagged. */
export function flagMark(findings: readonly Finding[] | undefined): string {
  const kinds = [...new Set((findings ?? []).map((f) => f.kind))];
  return kinds.length ? `⚠ ${kinds.join(', ')}` : '';
}
