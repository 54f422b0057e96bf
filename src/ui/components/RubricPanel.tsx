import { Box, Text } from 'ink';
import { rubricNodes } from '../../domain/rubric-nodes.js';
import { itemStatus, scoreOf } from '../../domain/score.js';
import type { SessionState } from '../../domain/session-state.js';
import { STATUS_LOOK } from '../theme.js';

/**
 * Rubric items turning satisfied / missed / violated as the session goes, and the running score.
 * `hideDescriptions`: for a person playing the agent, descriptions may name facts they must still ask
 * for ("ends on UA14 with an aisle seat"), so only each item's kind and id show until the spoiler is on.
 */
export function RubricPanel({ state, width, maxRows, hideDescriptions = false }: { state: SessionState; width: number; maxRows?: number; hideDescriptions?: boolean }) {
  const roots = rubricNodes(state.task);
  const score = scoreOf(state);
  const shown = maxRows !== undefined && roots.length > maxRows ? roots.slice(0, maxRows - 1) : roots;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        rubric <Text color={score.passed ? 'green' : score.score > 0 ? 'yellow' : 'red'}>score {score.score.toFixed(2)}</Text>
        {state.ended ? <Text color={score.passed ? 'green' : 'red'}>{score.passed ? '  PASSED' : '  FAILED'}</Text> : <Text color="gray">  (live)</Text>}
      </Text>
      {shown.map((r) => {
        const status = itemStatus(r, state);
        const look = STATUS_LOOK[status];
        return (
          <Text key={r.item.id} wrap="truncate-end">
            <Text color={look.color}>{look.icon} </Text>
            <Text color={r.item.kind === 'forbidden' ? 'red' : undefined}>{r.item.kind === 'forbidden' ? '⛔ ' : ''}</Text>
            {hideDescriptions ? (
              <>
                {r.item.id}
                <Text color="gray"> ({r.item.kind})</Text>
              </>
            ) : (
              <>
                {r.item.description}
                <Text color="gray"> ({r.item.id})</Text>
              </>
            )}
          </Text>
        );
      })}
      {shown.length < roots.length ? <Text color="gray">… {roots.length - shown.length} more</Text> : null}
    </Box>
  );
}
