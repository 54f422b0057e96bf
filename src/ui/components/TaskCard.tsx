import { Box, Text } from 'ink';
import type { SessionState } from '../../domain/session-state.js';
import type { Task } from '../../domain/task.js';
import { clip } from '../format.js';

export type Player = 'agent' | 'user' | 'both' | 'none';

/**
 * The task as the current player may see it: the agent player gets the instruction, the policy and
 * the tools; the user player gets the persona, background and facts (marked once revealed).
 * `spoiler` shows everything, marked as such, for debugging.
 */
export function TaskCard({ task, state, player, spoiler, width, textLines = 2 }: { task: Task; state: SessionState; player: Player; spoiler: boolean; width: number; textLines?: number }) {
  const showAgent = spoiler || player === 'agent' || player === 'both' || player === 'none';
  const showUser = spoiler || player === 'user' || player === 'both';
  const lines = width < 40 ? 1 : textLines;
  // Long texts are cut to the lines they get, with an ellipsis, so a policy never ends mid-sentence unmarked.
  const fit = (label: string, text: string): string => clip(`${label}${text.replace(/\s+/g, ' ')}`, Math.max(10, (width - 4) * lines));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={spoiler ? 'red' : 'gray'} paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        {task.title} <Text color="gray">· {task.domain}{task.difficulty ? ` · ${task.difficulty}` : ''}</Text>
        {spoiler ? <Text color="red" bold>{'  SPOILER: hidden side shown'}</Text> : null}
      </Text>
      {showAgent && task.system ? (
        <Box height={lines} overflow="hidden">
          <Text wrap="wrap" color="gray">{fit('policy: ', task.system)}</Text>
        </Box>
      ) : null}
      {showAgent ? (
        <Text wrap="truncate-end">
          <Text color="gray">tools: </Text>
          {task.tools.map((t) => t.name).join(', ') || '(none)'}
        </Text>
      ) : null}
      {showUser && task.user.persona ? <Text wrap="truncate-end" color="gray">persona: {task.user.persona}</Text> : null}
      {showUser
        ? task.user.facts.map((f) => (
            <Text key={f.id} wrap="truncate-end">
              <Text color={state.revealed.has(f.id) ? 'green' : 'yellow'}>{state.revealed.has(f.id) ? '🔓' : '🔒'} </Text>
              {f.description}: <Text bold>{String(f.value)}</Text>
            </Text>
          ))
        : null}
      {showUser && task.user.background ? (
        <Box height={lines} overflow="hidden">
          <Text wrap="wrap" color="gray">{fit('background: ', task.user.background)}</Text>
        </Box>
      ) : null}
      {spoiler ? (
        <Box height={lines} overflow="hidden">
          <Text wrap="wrap" color="red">{fit('goal: ', task.fullInstruction)}</Text>
        </Box>
      ) : null}
      {spoiler ? <Text wrap="truncate-end" color="red">world: {JSON.stringify(state.world)}</Text> : null}
    </Box>
  );
}
