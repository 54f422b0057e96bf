import { Box, Text, useInput } from 'ink';
import { useMemo, useState } from 'react';
import type { Recording } from '../../domain/recording.js';
import { applyEvent, initialState, type SessionState } from '../../domain/session-state.js';
import { RubricPanel } from '../components/RubricPanel.js';
import { rowParts } from '../format.js';
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

/** Step through a recording: ←/→ one event, PgUp/PgDn ten, Home/End; f forks from the step; q quits. */
export function ViewerScreen({ rec, file, onFork, onQuit }: { rec: Recording; file: string; onFork: (at: number) => void; onQuit: () => void }) {
  const states = useMemo(() => statesOf(rec), [rec]);
  const last = Math.max(0, rec.events.length - 1);
  const [at, setAt] = useState(0);
  const { width, height } = useTerminalSize();

  useInput((input, key) => {
    if (key.rightArrow || input === 'l') setAt((i) => Math.min(last, i + 1));
    else if (key.leftArrow || input === 'h') setAt((i) => Math.max(0, i - 1));
    else if (key.pageDown) setAt((i) => Math.min(last, i + 10));
    else if (key.pageUp) setAt((i) => Math.max(0, i - 10));
    else if (key.home || input === 'g') setAt(0);
    else if (key.end || input === 'G') setAt(last);
    else if (input === 'f') {
      const e = rec.events[at];
      if (e && e.type !== 'end') onFork(e.seq);
    } else if (input === 'q' || key.escape || (key.ctrl && input === 'c')) onQuit();
  });

  const state = states[at] ?? initialState(rec.task);
  const windowRows = Math.max(4, height - 16);
  const start = Math.max(0, Math.min(at - Math.floor(windowRows / 2), rec.events.length - windowRows));
  const revealed = rec.task.user.facts.filter((f) => state.revealed.has(f.id));
  const wide = width >= 100;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {rec.task.title} <Text color="gray">· {file} · event #{rec.events[at]?.seq ?? 0} · step {at + 1}/{rec.events.length}{rec.complete ? '' : ' · incomplete'}</Text>
      </Text>
      <Box flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1}>
        {rec.events.slice(start, start + windowRows).map((e) => {
          const p = rowParts(e, width - 30);
          const current = e.seq === rec.events[at]?.seq;
          return (
            <Text key={e.seq} wrap="truncate-end" inverse={current}>
              {current ? '❯' : ' '}
              <Text color="gray">{String(e.seq).padStart(4)} </Text>
              <Text color={TONE_COLOR[p.tone]}>{p.label.padEnd(10)}</Text> {p.text}
              {p.mark ? <Text color="gray">  {p.mark}</Text> : null}
            </Text>
          );
        })}
      </Box>
      <Box flexDirection={wide ? 'row' : 'column'}>
        <Box flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1} width={wide ? Math.floor(width / 2) : width}>
          <Text bold>state after #{rec.events[at]?.seq ?? 0}</Text>
          <Text wrap="truncate-end">
            revealed: {revealed.length ? revealed.map((f) => `${f.id}=${String(f.value)}`).join(', ') : <Text color="gray">nothing yet</Text>}
          </Text>
          <Text wrap="truncate-end">turns {state.agentTurns} · tool calls {state.toolCalls} · questions {state.questions}</Text>
          <Box height={3} overflow="hidden">
            <Text wrap="wrap" color="gray">world: {JSON.stringify(state.world)}</Text>
          </Box>
        </Box>
        <RubricPanel state={state} width={wide ? width - Math.floor(width / 2) : width} maxRows={wide ? undefined : 5} />
      </Box>
      <Text color="gray">←/→ step · PgUp/PgDn ×10 · Home/End · f fork from here · q quit</Text>
    </Box>
  );
}
