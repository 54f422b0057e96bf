import { describe, expect, it } from 'vitest';
import { AUDIT_KIND_NAMES, AUDIT_KINDS, isAuditKind } from '../../src/domain/audit-kinds.js';

describe('audit kinds', () => {
  it('the kinds of SPEC §6, each with the side it blames', () => {
    expect(AUDIT_KINDS).toEqual({
      unasked_reveal: 'user',
      invented_value: 'user',
      stopped_while_asked: 'user',
      broke_character: 'user',
      inconsistent_result: 'tool',
      schema_violation: 'tool',
      human_flag: 'either',
    });
    expect(AUDIT_KIND_NAMES).toEqual(Object.keys(AUDIT_KINDS));
  });

  it.each<[string, boolean]>([
    ['invented_value', true],
    ['human_flag', true],
    ['Invented_Value', false],
    ['toString', false], // not an own key, whatever Object.prototype holds
    ['constructor', false],
    ['', false],
  ])('isAuditKind(%j): %s', (kind, yes) => expect(isAuditKind(kind)).toBe(yes));
});
