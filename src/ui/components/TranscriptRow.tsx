import { Box, Text } from 'ink';
import type { Event } from '../../domain/events.js';
import { multiLine, rowParts, wrapClipped } from '../format.js';
import { TONE_COLOR } from '../theme.js';

/** Lines a tool call or result may take in the transcript before it is cut with "… (N more chars)". */
export const TOOL_ROW_LINES = 8;

/**
 * One event of the transcript. Rows are immutable once written, so they live in <Static>. A tool call
 * or result is wrapped over up to TOOL_ROW_LINES lines: what a tool returned is what the agent player
 * reads to go on (departure times, ids), so it is not cut to one line. A message keeps its own lines,
 * blank ones between paragraphs included (a model user's reply often has them).
 */
export function TranscriptRow({ event, width }: { event: Event; width: number }) {
  const p = rowParts(event);
  const indent = event.type === 'user_message' || event.type === 'agent_message' || event.type === 'end' ? 0 : 2;
  const labelWidth = indent ? 11 : 7;
  const tool = event.type === 'tool_result' || event.type === 'tool_call';
  return (
    <Box paddingLeft={indent} width={width}>
      <Box flexShrink={0} width={labelWidth}>
        <Text color={TONE_COLOR[p.tone]} bold={p.tone === 'user' || p.tone === 'agent' || p.tone === 'end'}>
          {p.label}
        </Text>
      </Box>
      {tool ? (
        <Box flexDirection="column" flexGrow={1} flexShrink={1}>
          {wrapClipped(p.text, Math.max(10, width - indent - labelWidth), TOOL_ROW_LINES).map((line, i) => (
            // Lines of one immutable row: the index is their identity.
            <Text key={i} wrap="truncate-end">
              {line}
            </Text>
          ))}
        </Box>
      ) : (
        <Box flexGrow={1} flexShrink={1}>
          <Text wrap="wrap">
            {multiLine(p.text)}
            {p.mark ? <Text color={p.tone === 'user' ? 'yellow' : 'gray'}>{`  ${p.mark}`}</Text> : null}
          </Text>
        </Box>
      )}
    </Box>
  );
}
