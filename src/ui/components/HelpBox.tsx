import { Box, Text } from 'ink';
import { KEYS, SLASH_COMMANDS, type Side } from '../commands.js';

/** /help: every command of the current side, and every key. */
export function HelpBox({ side }: { side: Side }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>commands for the {side} <Text color="gray">(plain text + Enter sends a message)</Text></Text>
      {SLASH_COMMANDS.filter((c) => c.sides.includes(side)).map((c) => (
        <Text key={c.name} wrap="truncate-end">
          <Text color="cyan">/{c.name}{c.args ? ` ${c.args}` : ''}</Text> <Text color="gray">{c.help}</Text>
        </Text>
      ))}
      {KEYS.map(([k, what]) => (
        <Text key={k} wrap="truncate-end">
          <Text color="cyan">{k}</Text> <Text color="gray">{what}</Text>
        </Text>
      ))}
    </Box>
  );
}
