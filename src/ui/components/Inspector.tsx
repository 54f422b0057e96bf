import { Box, Text, useInput } from 'ink';
import { useMemo, useState } from 'react';
import type { Event } from '../../domain/events.js';
import type { Task } from '../../domain/task.js';
import { type EventRemark, inspectLines } from '../inspect-lines.js';

export interface InspectorProps {
  events: readonly Event[];
  task: Task;
  /** The event opened first. */
  seq: number;
  width: number;
  /** Rows the inspector takes, its title and key rows included. */
  height: number;
  remarks?: readonly EventRemark[];
  /** Back to where it was opened, told the event shown last. */
  onClose: (seq: number) => void;
}

/** The keys of the inspector, for its footer and /help. */
export const INSPECTOR_KEYS = '↑/↓ PgUp/PgDn scroll · ←/→ previous/next event · Esc back';

/**
 * One event full screen (inspect-lines.ts): everything about it, wrapped to the width, in a window of
 * `height` rows that scrolls with ↑/↓, PgUp/PgDn, Home/End; ←/→ move to the event before or after;
 * Esc (or q) goes back to where it was opened from.
 */
export function Inspector({ events, task, seq: first, width, height, remarks, onClose }: InspectorProps) {
  const [seq, setSeq] = useState(first);
  const [offset, setOffset] = useState(0);
  const lines = useMemo(() => inspectLines({ events, task, seq, width: width - 1, remarks }), [events, task, seq, width, remarks]);
  const body = Math.max(1, height - 2);
  const maxTop = Math.max(0, lines.length - body);
  const top = Math.min(offset, maxTop);
  const index = events.findIndex((e) => e.seq === seq);

  useInput((input, key) => {
    const go = (i: number): void => {
      const e = events[Math.max(0, Math.min(events.length - 1, i))];
      if (!e) return;
      setSeq(e.seq);
      setOffset(0);
    };
    if (key.escape || input === 'q') return onClose(seq);
    if (key.downArrow || input === 'j') setOffset(Math.min(maxTop, top + 1));
    else if (key.upArrow || input === 'k') setOffset(Math.max(0, top - 1));
    else if (key.pageDown || input === ' ') setOffset(Math.min(maxTop, top + Math.max(1, body - 1)));
    else if (key.pageUp) setOffset(Math.max(0, top - Math.max(1, body - 1)));
    else if (key.home || input === 'g') setOffset(0);
    else if (key.end || input === 'G') setOffset(maxTop);
    else if (key.rightArrow || input === 'l') go(index + 1);
    else if (key.leftArrow || input === 'h') go(index - 1);
  });

  const shown = lines.slice(top, top + body);
  const below = lines.length - top - shown.length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse wrap="truncate-end">
        {` inspect event #${seq} · ${index + 1} of ${events.length} events · lines ${lines.length ? top + 1 : 0}–${top + shown.length} of ${lines.length} `}
      </Text>
      <Box flexDirection="column" height={body}>
        {shown.map((l, i) => (
          <Text key={top + i} color={l.color} bold={l.bold} wrap="truncate-end">
            {l.text || ' '}
          </Text>
        ))}
      </Box>
      <Text color="cyan" wrap="truncate-end">
        {below > 0 ? `↓ ${below} more line${below === 1 ? '' : 's'} · ` : 'end · '}
        {INSPECTOR_KEYS}
      </Text>
    </Box>
  );
}
