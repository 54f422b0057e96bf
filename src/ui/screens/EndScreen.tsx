import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import { rubricNodes } from '../../domain/rubric-nodes.js';
import { otherProfile, type RewardProfile, sectionsLine } from '../../domain/rewards.js';
import { itemStatus, passedUnder, rewardsOfState, scoreOf } from '../../domain/score.js';
import { CUT_ORDER, countsOf } from '../components/RubricPanel.js';
import { eventSummary, wrapText } from '../format.js';
import type { SessionSnapshot } from '../session-controller.js';
import { STATUS_LOOK } from '../theme.js';
import { useTerminalSize } from '../use-width.js';

export type EndAction = 'view' | 'again' | 'golden' | 'quit';

/** What to do when no judge item was decided, by who was to decide them. */
const NONE_DECIDED = {
  person: 'You skipped every one: p plays again, and at the end you judge them.',
  model: 'The judge model decided none (its notes in the transcript say why).',
  null: 'Judge them as a person (play --judge human) or with a judge model (--judge-model M).',
  undefined: 'Judge them as a person (play --judge human) or with a judge model (--judge-model M).',
} as const;

/** Where `g` stands: not pressed, asked to confirm an incomplete recording, or promotion asked for. */
type Golden = 'idle' | 'confirm' | 'asked';

/**
 * Score, every rubric item with the event that earned it, where the recording went, and what next.
 * `notice` is what the promotion said ("promoted to …"): once it is there, `g` does not copy the
 * recording again. An incomplete (aborted) recording is promoted only when `g` is pressed twice.
 */
export function EndScreen({ snap, notice, onAction, reward = 'paper' }: { snap: SessionSnapshot; notice: string; onAction: (a: EndAction) => void; reward?: RewardProfile }) {
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
  const [offset, setOffset] = useState(0);
  // The last top row the items' window may have (set below, once the rows are known).
  const maxTop = useRef(0);
  useInput((input, key) => {
    if (key.downArrow || key.pageDown) setOffset((o) => Math.min(maxTop.current, o + (key.pageDown ? 10 : 1)));
    else if (key.upArrow || key.pageUp) setOffset((o) => Math.max(0, o - (key.pageUp ? 10 : 1)));
    else if (input === 'v' && snap.recordingFile) onAction('view');
    else if (input === 'p') onAction('again');
    else if (input === 'g' && snap.recordingFile && !snap.saveError) promote();
    else if (input === 'q' || key.escape || key.return || (key.ctrl && input === 'c')) onAction('quit');
  });
  const { width, height } = useTerminalSize();
  const { state, result, events } = snap;
  const score = scoreOf(state);
  // The headline follows --reward; the other profile and the section counts stand beside it.
  const rewards = rewardsOfState(state);
  const passed = reward === 'paper' ? score.passed : passedUnder({ passed: score.passed, end: result?.end ?? 'aborted', rewards: rewards.rewards }, reward);
  const other = otherProfile(reward);
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const saved = snap.recordingFile && !snap.saveError ? snap.recordingFile : null;

  // Sized to stay shorter than the terminal (see session-layout.ts): the messages under the items are
  // wrapped here, so their rows are known, and the items get the rows left, violated and missed first.
  const inner = Math.max(10, width - 4);
  const lines = (key: string, text: string, color: string) => (text ? wrapText(text, inner).map((line, i) => ({ key: `${key}${i}`, line, color })) : []);
  const below = [
    ...lines('error', snap.saveError ?? '', 'red'),
    ...lines('recording', saved ? `recording: ${saved}${incomplete ? ' (incomplete)' : ''}` : '', 'cyan'),
    ...lines('notice', notice, 'green'),
    ...lines('hint', hint, 'yellow'),
    ...lines('unjudged', score.nothingJudged ? `Nothing was checked: every positive item is a judge item and none was decided, so there is no score. ${NONE_DECIDED[String(snap.judgedBy) as keyof typeof NONE_DECIDED]}` : '', 'yellow'),
  ];
  // One row for the terminal's last line, one for an error the app may show under this screen; border,
  // the two score rows, the blank row and the keys row.
  const room = Math.max(1, height - 2 - 2 - 2 - 1 - below.length - 1);
  const roots = rubricNodes(state.task).map((r, i) => ({ r, i, status: itemStatus(r, state) }));
  // Too many to show: violated and missed first, in a window that ↑/↓ (PgUp/PgDn) scroll.
  const cut = roots.length > room;
  const view = cut ? Math.max(1, room - 1) : roots.length;
  const ordered = cut ? [...roots].sort((a, b) => CUT_ORDER[a.status] - CUT_ORDER[b.status] || a.i - b.i) : roots;
  maxTop.current = Math.max(0, roots.length - view);
  const top = Math.min(offset, maxTop.current);
  const shown = ordered.slice(top, top + view);
  const after = ordered.slice(top + view);
  // With no judged positive item there is no verdict to give: not FAILED with a score of 1.
  const verdict = score.nothingJudged ? <Text color="yellow">NOT JUDGED</Text> : passed ? <Text color="green">PASSED</Text> : <Text color="red">FAILED</Text>;
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={score.nothingJudged ? 'yellow' : passed ? 'green' : 'red'} paddingX={1}>
      <Text bold wrap="truncate-end">
        {verdict} {reward === 'paper' ? 'score' : reward} {score.nothingJudged ? '—' : rewards.rewards[reward].toFixed(2)}
        <Text color="gray">
          {'  '}
          {other} {rewards.rewards[other].toFixed(2)} · {sectionsLine(rewards.sections)}
        </Text>
      </Text>
      <Text bold wrap="truncate-end">
        <Text color="gray">
          subgoals {score.subgoals === null ? '—' : `${Math.round(score.subgoals * 100)}%`} · interactions{' '}
          {score.interactions === null ? '—' : `${Math.round(score.interactions * 100)}%`} · ended: {result?.end.replace(/_/g, ' ')}
        </Text>
      </Text>
      {shown.map(({ r, status }) => {
        const look = STATUS_LOOK[status];
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
      {cut ? (
        <Text color="cyan" wrap="truncate-end">
          {after.length ? `↓ ${after.length} more` : 'end of the items'}
          {top > 0 ? ` · ↑ ${top} above` : ''} · ↑/↓ scroll{after.length ? ` (${countsOf(after.map((x) => x.status))})` : ''}
        </Text>
      ) : null}
      <Text> </Text>
      {below.map((b) =>
        b.key === 'recording0' && !below.some((x) => x.key === 'recording1') ? (
          <Text key={b.key} wrap="truncate-end">
            recording: <Text color="cyan">{saved}</Text>
            {incomplete ? <Text color="yellow"> (incomplete)</Text> : null}
          </Text>
        ) : (
          <Text key={b.key} color={b.color} wrap="truncate-end">
            {b.line}
          </Text>
        ),
      )}
      <Text color="gray" wrap="truncate-end">
        {snap.recordingFile && !snap.saveError ? 'v view the recording · ' : ''}p play again
        {snap.recordingFile && !snap.saveError ? (notice && golden === 'asked' ? ' · (promoted)' : ' · g promote to golden fixture') : ''} · q quit
      </Text>
    </Box>
  );
}
