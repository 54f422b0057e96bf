import { Box, Text } from 'ink';
import type { Event } from '../../domain/events.js';
import { rowParts } from '../format.js';
import { TONE_COLOR } from '../theme.js';

/** One event of the transcript. Rows are immutable once written, so they live in <Static>. */
export function TranscriptRow({ event, width }: { event: Event; width: number }) {
  const p = rowParts(event, Math.max(20, width - 20));
  const indent = event.type === 'user_message' || event.type === 'agent_message' || event.type === 'end' ? 0 : 2;
  return (
    <Box paddingLeft={indent} width={width}>
      <Box flexShrink={0} width={indent ? 11 : 7}>
        <Text color={TONE_COLOR[p.tone]} bold={p.tone === 'user' || p.tone === 'agent' || p.tone === 'end'}>
          {p.label}
        </Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap={event.type === 'tool_result' || event.type === 'tool_call' ? 'truncate-end' : 'wrap'}>
          {p.text}
          {p.mark ? <Text color={p.tone === 'user' ? 'yellow' : 'gray'}>{`  ${p.mark}`}</Text> : null}
        </Text>
      </Box>
    </Box>
  );
}
