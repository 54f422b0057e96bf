import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { rubricNodes } from '../../domain/rubric-nodes.js';
import { itemStatus, scoreOf } from '../../domain/score.js';
import { eventSummary } from '../format.js';
import type { SessionSnapshot } from '../session-controller.js';
import { STATUS_LOOK } from '../theme.js';

export type EndAction = 'view' | 'again' | 'golden' | 'quit';

/** Where `g` stands: not pressed, asked to confirm an incomplete recording, or promotion asked for. */
type Golden = 'idle' | 'confirm' | 'asked';

/**
 * Score, every rubric item with the event that earned it, where the recording went, and what next.
 * `notice` is what the promotion said ("promoted to …"): once it is there, `g` does not copy the
 * recording again. An incomplete (aborted) recording is promoted only when `g` is pressed twice.
 */
export function EndScreen({ snap, notice, onAction }: { snap: SessionSnapshot; notice: string; onAction: (a: EndAction) => void }) {
  const [golden, setGolden] = useState<Golden>('idle');
  const [hint, setHint] = useState('');
  const incomplete = snap.result?.end === 'aborted';
  const promote = (): void => {
    if (golden === 'asked' && notice) return setHint('already promoted (above); g does not copy it again');
    if (incomplete && golden === 'idle') {
      setGolden('confirm');
      return setHint('this recording is incomplete (aborted): as a golden fixture it replays an unfinished session. Press g again to promote it anyway.');
    }
    setGolden('asked');
    setHint('');
    onAction('golden');
  };
  useInput((input, key) => {
    if (input === 'v' && snap.recordingFile) onAction('view');
    else if (input === 'p') onAction('again');
    else if (input === 'g' && snap.recordingFile && !snap.saveError) promote();
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
        const look = STATUS_LOOK[itemStatus(r, state)];
        const found = events.find((e) => e.type === 'rubric_hit' && e.item === r.item.id);
        const hit = found?.type === 'rubric_hit' ? found : undefined;
        const cause = hit?.at !== undefined ? bySeq.get(hit.at) : undefined;
        return (
          <Text key={r.item.id} wrap="truncate-end">
            <Text color={look.color}>{`${look.icon} ${look.label.padEnd(12)}`}</Text> {r.item.kind === 'forbidden' ? '⛔ ' : ''}
            {r.item.description}
            <Text color="gray">{hit ? `  ← ${cause ? eventSummary(cause) : hit.at === undefined ? 'final world' : `#${hit.at}`}` : ''}</Text>
          </Text>
        );
      })}
      <Text> </Text>
      {snap.saveError ? <Text color="red">{snap.saveError}</Text> : null}
      {snap.recordingFile && !snap.saveError ? (
        <Text>
          recording: <Text color="cyan">{snap.recordingFile}</Text>
          {incomplete ? <Text color="yellow"> (incomplete)</Text> : null}
        </Text>
      ) : null}
      {notice ? <Text color="green">{notice}</Text> : null}
      {hint ? <Text color="yellow">{hint}</Text> : null}
      <Text color="gray">
        {snap.recordingFile && !snap.saveError ? 'v view the recording · ' : ''}p play again
        {snap.recordingFile && !snap.saveError ? (notice && golden === 'asked' ? ' · (promoted)' : ' · g promote to golden fixture') : ''} · q quit
      </Text>
    </Box>
  );
}
