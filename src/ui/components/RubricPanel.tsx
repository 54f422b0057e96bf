import { Box, Text } from 'ink';
import { type CheckNode, rubricNodes } from '../../domain/rubric-nodes.js';
import { type ItemStatus, itemStatus, scoreOf } from '../../domain/score.js';
import type { SessionState } from '../../domain/session-state.js';
import { STATUS_LOOK } from '../theme.js';

/** When the panel must leave items out, these go first: what went wrong, then what is still open, then what is done. */
export const CUT_ORDER: Record<ItemStatus, number> = { violated: 0, missed: 1, unjudged: 2, pending: 3, satisfied: 4, clear: 5 };

/** What the score says while every positive item is a judge item nobody has decided yet. */
const JUDGED_BY = {
  person: 'you judge at the end',
  model: 'a judge model decides at the end',
  null: 'nobody judges: --judge human or --judge-model M',
  undefined: 'judge items: decided at the end',
} as const;

/**
 * Rubric items turning satisfied / missed / violated as the session goes, and the running score.
 * `hideDescriptions`: for a person playing the agent, descriptions may name facts they must still ask
 * for ("ends on UA14 with an aisle seat"), so only each item's kind and id show until the spoiler is on.
 * `maxRows` cuts the list (violated items first, so a violation is never the one left out).
 * `asOf` says what state this is when it is not the live session ("as of step 4" in the viewer).
 * `judgedBy`, in a live session: who decides the judge items at the end (said while none is decided).
 */
export function RubricPanel({ state, width, maxRows, hideDescriptions = false, asOf, judgedBy }: { state: SessionState; width: number; maxRows?: number; hideDescriptions?: boolean; asOf?: string; judgedBy?: 'person' | 'model' | null }) {
  const roots = rubricNodes(state.task).map((r) => ({ r, status: itemStatus(r, state) }));
  const score = scoreOf(state);
  // Every positive item is a judge item not decided yet: a score of 1.00 would claim what nobody checked.
  const nothingScored = score.nothingJudged && score.violated.length === 0;
  const cut = maxRows !== undefined && roots.length > maxRows;
  const shown = cut ? roots.map((x, i) => ({ ...x, i })).sort((a, b) => CUT_ORDER[a.status] - CUT_ORDER[b.status] || a.i - b.i).slice(0, Math.max(0, maxRows - 1)) : roots;
  const shownRoots = new Set(shown.map((x) => x.r));
  const left = roots.filter((x) => !shownRoots.has(x.r));
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        rubric{' '}
        {nothingScored ? (
          <Text color="gray">score — ({JUDGED_BY[String(judgedBy) as keyof typeof JUDGED_BY]})</Text>
        ) : (
          <Text color={score.passed ? 'green' : score.score > 0 ? 'yellow' : 'red'}>score {score.score.toFixed(2)}</Text>
        )}
        {state.ended ? <Text color={score.passed ? 'green' : 'red'}>{score.passed ? '  PASSED' : '  FAILED'}</Text> : null}
        <Text color="gray">{state.ended ? (asOf ? `  ${asOf}` : '') : `  (${asOf ?? 'live'})`}</Text>
      </Text>
      {shown.map(({ r, status }) => (
        <ItemLine key={r.item.id} root={r} status={status} hideDescription={hideDescriptions} />
      ))}
      {left.length ? <Text color="gray" wrap="truncate-end">… {left.length} more: {countsOf(left.map((x) => x.status))}</Text> : null}
    </Box>
  );
}

function ItemLine({ root, status, hideDescription }: { root: CheckNode; status: ItemStatus; hideDescription: boolean }) {
  const look = STATUS_LOOK[status];
  const forbidden = root.item.kind === 'forbidden';
  return (
    <Text wrap="truncate-end">
      <Text color={look.color}>{look.icon} </Text>
      <Text color={forbidden ? 'red' : undefined}>{forbidden ? '⛔ ' : ''}</Text>
      {/* A forbidden item's verdict goes before its text, where a narrow panel does not cut it. */}
      {status === 'clear' || status === 'violated' ? <Text color={look.color}>{`${look.label}: `}</Text> : null}
      {hideDescription ? (
        <>
          {root.item.id}
          <Text color="gray"> ({root.item.kind})</Text>
        </>
      ) : (
        <>
          {root.item.description}
          <Text color="gray"> ({root.item.id})</Text>
        </>
      )}
    </Text>
  );
}

/** "3 satisfied, 1 pending", in the panel's cut order. */
export function countsOf(statuses: readonly ItemStatus[]): string {
  const counts = new Map<ItemStatus, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => CUT_ORDER[a] - CUT_ORDER[b])
    .map(([s, n]) => `${n} ${STATUS_LOOK[s].label}`)
    .join(', ');
}
