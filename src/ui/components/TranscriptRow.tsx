import { Box, Text } from 'ink';
import type { Event } from '../../domain/events.js';
import { multiLine, rowParts, wrapClipped, wrapKeep } from '../format.js';
import { TONE_COLOR } from '../theme.js';

/** Lines a tool call or result may take in the transcript before it is cut with "… (N more chars · /inspect SEQ)". */
export const TOOL_ROW_LINES = 8;

/**
 * One event of the transcript. Rows are immutable once written, so they live in <Static>. A tool call
 * or result is wrapped over up to TOOL_ROW_LINES lines: what a tool returned is what the agent player
 * reads to go on (departure times, ids), so it is not cut to one line, and a cut says how to open the
 * whole of it. A message keeps its own lines, blank ones between paragraphs included (a model user's
 * reply often has them); it is wrapped here, not by Ink, whose wrapping keeps the space it broke at
 * at the start of the next line (a wrapped line would start one column too far right).
 */
export function TranscriptRow({ event, width, flag = '' }: { event: Event; width: number; /** The audit's mark (`⚠ kind`), see audit-marks.ts. */ flag?: string }) {
  const p = rowParts(event);
  const indent = event.type === 'user_message' || event.type === 'agent_message' || event.type === 'end' ? 0 : 2;
  const labelWidth = indent ? 11 : 7;
  const tool = event.type === 'tool_result' || event.type === 'tool_call';
  const room = Math.max(10, width - indent - labelWidth);
  const lines = tool ? wrapClipped(p.text, room, TOOL_ROW_LINES, `/inspect ${event.seq}`) : wrapKeep(multiLine(p.text), room);
  const mark = [p.mark, flag].filter(Boolean).map((m) => `  ${m}`).join('');
  // The mark (reveals, kind) ends the last line when it fits there, else it takes a line of its own.
  const markOwnLine = mark !== '' && Array.from(lines.at(-1) ?? '').length + Array.from(mark).length + 1 > room;
  return (
    <Box paddingLeft={indent} width={width}>
      <Box flexShrink={0} width={labelWidth}>
        <Text color={TONE_COLOR[p.tone]} bold={p.tone === 'user' || p.tone === 'agent' || p.tone === 'end'}>
          {p.label}
        </Text>
      </Box>
      <Box flexDirection="column" flexGrow={1} flexShrink={1}>
        {lines.map((line, i) => (
          // Lines of one immutable row: the index is their identity.
          <Text key={i} wrap="truncate-end">
            {line || ' '}
            {mark && !markOwnLine && i === lines.length - 1 ? <Text color={flag || p.tone === 'user' ? 'yellow' : 'gray'}>{mark}</Text> : null}
          </Text>
        ))}
        {markOwnLine ? (
          <Text color={flag || p.tone === 'user' ? 'yellow' : 'gray'} wrap="truncate-end">
            {mark.trim()}
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}
