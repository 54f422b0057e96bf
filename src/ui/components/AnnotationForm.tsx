import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { AUDIT_KIND_NAMES } from '../../domain/audit-kinds.js';

/** The kinds a person can give, their own first (SPEC §6: `human_flag`, or a kind of the table). */
export const ANNOTATION_KINDS = ['human_flag', ...AUDIT_KIND_NAMES.filter((k) => k !== 'human_flag')];

/**
 * The viewer's `a` form: ↑/↓ (or Tab) picks the kind, typing writes the note (Backspace deletes),
 * Enter saves, Esc cancels. Two rows, in place of the viewer's footer.
 */
export function AnnotationForm({ seq, width, onDone }: { seq: number; width: number; onDone: (annotation: { kind: string; note: string } | null) => void }) {
  const [kind, setKind] = useState(0);
  const [note, setNote] = useState('');
  useInput((input, key) => {
    if (key.escape) return onDone(null);
    if (key.return) return onDone({ kind: ANNOTATION_KINDS[kind]!, note: note.trim() });
    if (key.downArrow || key.tab) setKind((k) => (k + 1) % ANNOTATION_KINDS.length);
    else if (key.upArrow) setKind((k) => (k + ANNOTATION_KINDS.length - 1) % ANNOTATION_KINDS.length);
    else if (key.backspace || key.delete) setNote((n) => Array.from(n).slice(0, -1).join(''));
    else if (input && !key.ctrl && !key.meta) setNote((n) => n + input.replace(/[\r\n\t]/g, ' '));
  });
  const room = Math.max(10, width - 8);
  const shown = Array.from(note).length > room ? `…${Array.from(note).slice(-(room - 1)).join('')}` : note;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>annotate #{seq}</Text>
        <Text color="gray"> · kind </Text>
        <Text color="yellow" bold>
          ⚠ {ANNOTATION_KINDS[kind]}
        </Text>
        <Text color="gray"> (↑/↓) · Enter save · Esc cancel</Text>
      </Text>
      <Text wrap="truncate-end">
        note: {shown}
        <Text inverse> </Text>
      </Text>
    </Box>
  );
}
