import { Box, Text, useInput } from 'ink';
import { defaultForkSeq } from '../../domain/fork-events.js';
import { useMemo, useState } from 'react';
import type { Event } from '../../domain/events.js';
import { forkLabel, type Recording } from '../../domain/recording.js';
import { applyEvent, initialState, type SessionState } from '../../domain/session-state.js';
import { auditMarks, flagMark } from '../audit-marks.js';
import { AnnotationForm } from '../components/AnnotationForm.js';
import { Inspector } from '../components/Inspector.js';
import { RubricPanel } from '../components/RubricPanel.js';
import { WorldLines, worldLinesWanted } from '../components/WorldLines.js';
import { oneLine, rowParts } from '../format.js';
import { TONE_COLOR } from '../theme.js';
import { useTerminalSize } from '../use-width.js';

/** States after each event, computed once per recording (each shares structure with the one before). */
export function statesOf(rec: Recording): SessionState[] {
  const out: SessionState[] = [];
  let s = initialState(rec.task);
  for (const e of rec.events) {
    s = applyEvent(s, e);
    out.push(s);
  }
  return out;
}

/** Rows given to the event list, the world and the rubric items. */
export interface ViewerLayout {
  events: number;
  world: number;
  rubric: number;
}

/**
 * Shares `height` rows so the whole viewer fits the terminal: a header and a footer row, the event
 * list (bordered), the state box (bordered: counters, revealed, world lines) and the rubric (bordered:
 * score, items) — beside the state when `wide`, below it otherwise. `want` is what each would take
 * whole; rows the event list does not need go to the world, then the rubric.
 */
export function viewerLayout(height: number, wide: boolean, want: ViewerLayout): ViewerLayout {
  if (wide) {
    const free = height - 4; // header, footer, the event list's border
    let cap = Math.max(5, Math.round(free * 0.55));
    if (want.events < free - cap) cap = free - want.events;
    // State and rubric side by side: the row is as tall as the taller one, and the other may use it too.
    const bottom = Math.max(4 + Math.max(1, Math.min(want.world, cap - 4)), 3 + Math.max(2, Math.min(want.rubric, cap - 3)));
    return { events: Math.max(1, free - bottom), world: Math.max(1, Math.min(want.world, bottom - 4)), rubric: Math.max(2, Math.min(want.rubric, bottom - 3)) };
  }
  const free = height - 11; // header, footer, and each box's fixed rows (3 borders, counters, revealed, score)
  let rubric = Math.min(want.rubric, Math.max(2, Math.round(free * 0.3)));
  let world = Math.min(want.world, Math.max(2, Math.round(free * 0.35)));
  let events = Math.max(1, free - rubric - world);
  if (events > want.events) {
    let spare = events - want.events;
    events = want.events;
    const more = Math.min(spare, want.world - world);
    world += more;
    spare -= more;
    rubric += Math.min(spare, want.rubric - rubric);
  }
  return { events, world, rubric };
}

/**
 * Step through a recording: ←/→ one event, PgUp/PgDn ten, Home/End; Enter (or i) opens the step's event
 * full screen; f forks from the step; a annotates it (a kind and a note, saved in the recording); q quits, or goes back (`backLabel`) when the viewer was opened
 * from another screen.
 * Everything is sized to the terminal, so the header (step, event, incomplete) never scrolls away: to
 * one row less than its height, since Ink redraws a frame as tall as the terminal by clearing the
 * whole screen, scrollback included. Each event is one row of the list (line breaks shown as ⏎).
 * `error` (a fork that failed) takes the footer's row.
 */
export function ViewerScreen({
  rec,
  file,
  error,
  onFork,
  onQuit,
  onAnnotate,
  backLabel = 'quit',
}: {
  rec: Recording;
  file: string;
  error?: string;
  onFork: (at: number) => void;
  onQuit: () => void;
  /** `a`: a person's annotation of the current event (kind and note), to store in the recording. */
  onAnnotate?: (annotation: { seq: number; kind: string; note: string }) => void;
  backLabel?: string;
}) {
  const states = useMemo(() => statesOf(rec), [rec]);
  const audit = useMemo(() => auditMarks(rec.task, rec.events, rec.annotations), [rec]);
  const [annotating, setAnnotating] = useState(false);
  const last = Math.max(0, rec.events.length - 1);
  const [at, setAt] = useState(0);
  // Set by f on the end event: a second f forks where `play --from REC` without --at would.
  const [message, setMessage] = useState('');
  const [inspecting, setInspecting] = useState(false);
  const { width, height } = useTerminalSize();
  const forkFrom = useMemo(() => defaultForkSeq(rec.events), [rec]);

  useInput((input, key) => {
    const move = (to: (i: number) => number): void => {
      setMessage('');
      setAt(to);
    };
    if (key.rightArrow || input === 'l') move((i) => Math.min(last, i + 1));
    else if (key.leftArrow || input === 'h') move((i) => Math.max(0, i - 1));
    else if (key.pageDown) move((i) => Math.min(last, i + 10));
    else if (key.pageUp) move((i) => Math.max(0, i - 10));
    else if (key.home || input === 'g') move(() => 0);
    else if (key.end || input === 'G') move(() => last);
    else if (key.return || input === 'i') setInspecting(rec.events.length > 0);
    else if (input === 'a' && onAnnotate && rec.events[at]) setAnnotating(true);
    else if (input === 'f') {
      const e = rec.events[at];
      if (e && e.type !== 'end') onFork(e.seq);
      else if (forkFrom === null) setMessage('nothing to fork from: the session ended before any step');
      else if (message) onFork(forkFrom);
      else setMessage(`session over: f again forks from #${forkFrom} (where a fork without --at starts)`);
    } else if (input === 'q' || key.escape || (key.ctrl && input === 'c')) onQuit();
  }, { isActive: !inspecting && !annotating });

  if (inspecting && rec.events[at]) {
    return <Inspector events={rec.events} task={rec.task} seq={rec.events[at].seq} remarks={audit.remarks} width={width} height={Math.max(3, height - 1)} onClose={(seq) => {
          setInspecting(false);
          setAt(Math.max(0, rec.events.findIndex((e) => e.seq === seq)));
        }} />;
  }

  const state = states[at] ?? initialState(rec.task);
  const before = at > 0 ? states[at - 1]!.world : rec.task.world ?? {};
  const wide = width >= 100;
  const stateWidth = wide ? width - Math.floor(width * 0.45) : width;
  const worldWidth = Math.max(10, stateWidth - 4);
  const rubricItems = state.task.rubric.length;
  // A fork says what it is a fork of, on a row of its own under the header (the header row cuts what is too long).
  const fork = rec.parent ? forkLabel(rec.parent) : null;
  const rows = viewerLayout(height - (annotating ? 2 : 1) - (fork ? 1 : 0), wide, { events: Math.max(1, rec.events.length), rubric: rubricItems, world: worldLinesWanted(before, state.world, worldWidth) });
  const start = Math.max(0, Math.min(at - Math.floor(rows.events / 2), rec.events.length - rows.events));
  const revealed = rec.task.user.facts.filter((f) => state.revealed.has(f.id));
  const seq = rec.events[at]?.seq ?? 0;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        step {at + 1}/{rec.events.length} · event #{seq}
        {rec.complete ? '' : <Text color="yellow"> · incomplete</Text>}
        <Text color="gray"> · </Text>
        {rec.task.title}
        <Text color="gray"> · {file}</Text>
      </Text>
      {fork ? (
        <Text color="yellow" wrap="truncate-end">
          {fork}
        </Text>
      ) : null}
      <Box flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1}>
        {rec.events.slice(start, start + rows.events).map((e) => {
          const p = rowParts(e);
          const current = e.seq === rec.events[at]?.seq;
          const flag = flagMark(audit.bySeq.get(e.seq));
          return (
            <Text key={e.seq} wrap="truncate-end" inverse={current}>
              {current ? '❯' : ' '}
              <Text color="gray">{String(e.seq).padStart(4)} </Text>
              <Text color={TONE_COLOR[p.tone]}>{p.label.padEnd(10)}</Text> {flag ? <Text color="yellow">{flag} </Text> : null}
              {oneLine(p.text)}
              {p.mark ? <Text color="gray">  {p.mark}</Text> : null}
            </Text>
          );
        })}
      </Box>
      <Box flexDirection={wide ? 'row' : 'column'}>
        <Box flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1} width={stateWidth}>
          <Text wrap="truncate-end">
            <Text bold>after #{seq}:</Text>
            <Text color="gray">
              {' '}
              turns {state.agentTurns} · tool calls {state.toolCalls} · questions {state.questions}
            </Text>
          </Text>
          <Text wrap="truncate-end">
            revealed: {revealed.length ? revealed.map((f) => `${f.id}=${String(f.value)}`).join(', ') : <Text color="gray">nothing yet</Text>}
          </Text>
          <WorldLines before={before} after={state.world} width={worldWidth} maxLines={rows.world} />
        </Box>
        <RubricPanel state={state} width={wide ? width - stateWidth : width} maxRows={rows.rubric < rubricItems ? rows.rubric : undefined} asOf={`as of step ${at + 1}`} />
      </Box>
      {annotating && onAnnotate ? (
        <AnnotationForm
          seq={seq}
          width={width}
          onDone={(annotation) => {
            setAnnotating(false);
            if (!annotation) return;
            onAnnotate({ seq, ...annotation });
            setMessage(`annotated #${seq}: ⚠ ${annotation.kind}, saved in the recording`);
          }}
        />
      ) : error ? (
        <Text color="red" wrap="truncate-end">
          {error}
        </Text>
      ) : message ? (
        <Text color="yellow" wrap="truncate-end">
          {message}
        </Text>
      ) : (
        <Text color="gray" wrap="truncate-end">
          {width >= 100
            ? `←/→ step · PgUp/PgDn ×10 · Home/End · Enter inspect · f fork from here${onAnnotate ? ' · a annotate' : ''} · q ${backLabel}`
            : `←/→ step · Enter inspect · f fork${onAnnotate ? ' · a annotate' : ''} · q ${backLabel}`}
        </Text>
      )}
    </Box>
  );
}
