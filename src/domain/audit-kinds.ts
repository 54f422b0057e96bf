/** The finding kinds of SPEC §6 (a detector may be added, none renamed), with the side each blames. */
export const AUDIT_KINDS = {
  unasked_reveal: 'user',
  invented_value: 'user',
  stopped_while_asked: 'user',
  broke_character: 'user',
  inconsistent_result: 'tool',
  schema_violation: 'tool',
  human_flag: 'either',
} as const;
export type AuditKind = keyof typeof AUDIT_KINDS;
export const AUDIT_KIND_NAMES = Object.keys(AUDIT_KINDS) as AuditKind[];

export function isAuditKind(kind: string): kind is AuditKind {
  return Object.hasOwn(AUDIT_KINDS, kind);
}

/** The simulated side a finding blames. */
export type AuditSide = 'user' | 'tool';

/**
 * One simulator fault (SPEC §6 `{seq, side, kind, detail}`). `kind` is a string, not only an
 * AuditKind: a recording's annotations may carry a kind a newer version added.
 */
export interface Finding {
  seq: number;
  side: AuditSide;
  kind: string;
  /** What a person needs to act: which fact, which value, which earlier result it contradicts. */
  detail: string;
}
