import { Box, Text, useInput } from 'ink';
import { rubricNodes } from '../../domain/rubric-nodes.js';
import { itemStatus, scoreOf } from '../../domain/score.js';
import { eventSummary } from '../format.js';
import type { SessionSnapshot } from '../session-controller.js';
import { STATUS_LOOK } from '../theme.js';

export type EndAction = 'view' | 'again' | 'golden' | 'quit';

/** Score, every rubric item with the event that earned it, where the recording went, and what next. */
export function EndScreen({ snap, notice, onAction }: { snap: SessionSnapshot; notice: string; onAction: (a: EndAction) => void }) {
  useInput((input, key) => {
    if (input === 'v' && snap.recordingFile) onAction('view');
    else if (input === 'p') onAction('again');
    else if (input === 'g' && snap.recordingFile) onAction('golden');
    else if (input === 'q' || key.escape || key.return || (key.ctrl && input === 'c')) onAction('quit');
  });
  const { state, result, events } = snap;
  const score = scoreOf(state);
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={score.passed ? 'green' : 'red'} paddingX={1}>
      <Text bold>
        {score.passed ? <Text color="green">PASSED</Text> : <Text color="red">FAILED</Text>} score {score.score.toFixed(2)}
        <Text color="gray">
          {'  '}subgoals {score.subgoals === null ? '—' : `${Math.round(score.subgoals * 100)}%`} · interactions{' '}
          {score.interactions === null ? '—' : `${Math.round(score.interactions * 100)}%`} · ended: {result?.end.replace(/_/g, ' ')}
        </Text>
      </Text>
      {rubricNodes(state.task).map((r) => {
        const status = itemStatus(r, state);
        const look = STATUS_LOOK[status];
        const found = events.find((e) => e.type === 'rubric_hit' && e.item === r.item.id);
        const hit = found?.type === 'rubric_hit' ? found : undefined;
        const cause = hit?.at !== undefined ? bySeq.get(hit.at) : undefined;
        return (
          <Text key={r.item.id} wrap="truncate-end">
            <Text color={look.color}>{`${look.icon} ${status.padEnd(9)}`}</Text> {r.item.description}
            <Text color="gray">{hit ? `  ← ${cause ? eventSummary(cause) : hit.at === undefined ? 'final world' : `#${hit.at}`}` : ''}</Text>
          </Text>
        );
      })}
      <Text> </Text>
      {snap.saveError ? <Text color="red">{snap.saveError}</Text> : null}
      {snap.recordingFile && !snap.saveError ? (
        <Text>
          recording: <Text color="cyan">{snap.recordingFile}</Text>
          {result?.end === 'aborted' ? <Text color="yellow"> (incomplete)</Text> : null}
        </Text>
      ) : null}
      {notice ? <Text color="green">{notice}</Text> : null}
      <Text color="gray">
        {snap.recordingFile && !snap.saveError ? 'v view the recording · ' : ''}p play again
        {snap.recordingFile && !snap.saveError ? ' · g promote to golden fixture' : ''} · q quit
      </Text>
    </Box>
  );
}
