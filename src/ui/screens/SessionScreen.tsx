import { Spinner } from '@inkjs/ui';
import { Box, Static, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { Event } from '../../domain/events.js';
import { type CommandContext, interpret } from '../commands.js';
import { HelpBox, helpHeight } from '../components/HelpBox.js';
import { InputLine } from '../components/InputLine.js';
import { RubricPanel } from '../components/RubricPanel.js';
import { cardHeight, type Player, TaskCard } from '../components/TaskCard.js';
import { ToolForm, toolFormHeight } from '../components/ToolForm.js';
import { TranscriptRow } from '../components/TranscriptRow.js';
import { wrapClipped } from '../format.js';
import type { SessionController, SessionSnapshot } from '../session-controller.js';
import { partialLines } from '../partial-lines.js';
import { inputRowsCap, liveLayout } from '../session-layout.js';
import { TONE_COLOR } from '../theme.js';
import { useSession } from '../use-session.js';
import { useTerminalSize } from '../use-width.js';

export interface SessionScreenProps {
  controller: SessionController;
  player: Player;
  /** Names of the simulated sides, for the "working" line ("sim is replying"). */
  others: { agent: string; user: string };
  onEnd: (snapshot: SessionSnapshot) => void;
}

/**
 * The live session: transcript in <Static>, then the task card, the rubric and the input. The live part
 * is sized to stay shorter than the terminal (session-layout.ts): what was opened gets its rows, the
 * card and the rubric share the rest.
 */
export function SessionScreen({ controller, player, others, onEnd }: SessionScreenProps) {
  const snap = useSession(controller);
  const { width, height } = useTerminalSize();
  const [spoiler, setSpoiler] = useState(false);
  const [help, setHelp] = useState(false);
  const [tools, setTools] = useState(false);
  const [error, setError] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  // Rows the input line would take whole (it tells, see InputLine).
  const [inputWant, setInputWant] = useState(1);

  useEffect(() => {
    void controller.start();
  }, [controller]);
  useEffect(() => {
    if (snap.result) onEnd(snap);
  }, [snap.result]);

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return controller.abort();
    // Esc closes what is open first (the tool form closes itself); with nothing open it ends the session.
    if (key.escape) {
      if (tools) return;
      if (help) return setHelp(false);
      if (spoiler) return setSpoiler(false);
      return controller.abort();
    }
    if (key.ctrl && input === 'o') setSpoiler((s) => !s);
  });

  const side = snap.waiting;
  // The side whose input line shows: the one waiting, else the one the player types for next, so that
  // keys typed while the other side works are kept in the line (Enter waits for the line's turn).
  const lineSide = side ?? (player === 'agent' || player === 'user' ? player : player === 'both' ? snap.state.turn : null);
  const ctx: CommandContext | null = side
    ? {
        side,
        task: controller.task,
        agent: (a) => void controller.submitAgent(a),
        user: (a) => void controller.submitUser(a),
        openTools: () => setTools(true),
        toggleHelp: () => setHelp((h) => !h),
        toggleSpoiler: () => setSpoiler((s) => !s),
      }
    : null;

  const submit = (line: string): boolean => {
    // The live snapshot, not this render's: a line sent just as the other side took over stays put.
    if (!ctx || controller.getSnapshot().waiting !== ctx.side) return false;
    const out = interpret(line, ctx);
    if (line.trim()) setHistory((h) => (h.at(-1) === line ? h : [...h, line]));
    setError(out.ok ? '' : out.error);
    return out.ok;
  };

  const wide = width >= 100;
  const cardWidth = wide ? Math.floor(width * 0.55) : width;
  const rubricWidth = wide ? width - cardWidth : width;
  const working = !snap.result && !side;
  // A model side's answer as it streams in: live only, never in <Static>; the logged event replaces it.
  const partial = working ? snap.partial : null;
  const writer = partial ? `${partial.side} (${others[partial.side]}) ▸ ` : '';
  const partialText = partial ? partialLines(partial.text, width - 2 - Array.from(writer).length, 3) : [];
  const helpSide = help ? lineSide : null;
  const form = side !== null && tools;
  const inputShown = lineSide !== null && !snap.result && !tools;

  // Every live row is counted, so the live frame stays shorter than the terminal (session-layout.ts).
  const inputRows = inputShown ? Math.min(inputWant, inputRowsCap(height)) : 0;
  const errorLines = error ? wrapClipped(error, width, 2) : [];
  const footer = !snap.result;
  const rows = liveLayout({
    rows: height,
    wide,
    fixed: inputRows + (partial ? Math.max(1, partialText.length) : working ? 1 : 0) + errorLines.length + (footer ? 1 : 0),
    help: helpSide ? helpHeight(helpSide, width) : 0,
    form: form ? toolFormHeight(controller.task.tools) : 0,
    card: cardHeight(controller.task, snap.state, player, spoiler, cardWidth),
    rubric: controller.task.rubric.length + 3,
  });
  const open = help || spoiler;

  return (
    <Box flexDirection="column" width={width}>
      <Static items={snap.events as Event[]}>{(e) => <TranscriptRow key={e.seq} event={e} width={width} />}</Static>
      {rows.card > 0 ? (
        <Box flexDirection={wide ? 'row' : 'column'}>
          <TaskCard task={controller.task} state={snap.state} player={player} spoiler={spoiler} width={cardWidth} maxRows={rows.card} scrollKeys={!helpSide} />
          {rows.rubric > 0 ? (
            <RubricPanel
              state={snap.state}
              width={rubricWidth}
              maxRows={rows.rubric < controller.task.rubric.length + 3 ? rows.rubric - 3 : undefined}
              hideDescriptions={!spoiler && (player === 'agent' || player === 'both') && !snap.result}
            />
          ) : null}
        </Box>
      ) : null}
      {helpSide && rows.help > 0 ? <HelpBox side={helpSide} width={width} maxRows={rows.help} /> : null}
      {partial ? (
        <Box>
          <Spinner />
          <Text color={TONE_COLOR[partial.side]}> {writer}</Text>
          <Box flexDirection="column">
            {partialText.map((line, i) => (
              <Text key={i} wrap="truncate-end">
                {line}
              </Text>
            ))}
          </Box>
        </Box>
      ) : working ? (
        <Box>
          <Spinner />
          <Text wrap="truncate-end"> {snap.state.turn === 'agent' ? `${others.agent} is working…` : `${others.user} is replying…`}</Text>
        </Box>
      ) : null}
      {form ? (
        <ToolForm
          tools={controller.task.tools}
          width={width}
          maxRows={rows.form}
          onCancel={() => setTools(false)}
          onCall={(tool, args) => {
            setTools(false);
            controller.submitAgent({ type: 'call', tool, args });
          }}
        />
      ) : null}
      {inputShown ? (
        <InputLine
          prompt={lineSide}
          promptColor={lineSide === 'agent' ? 'magenta' : 'cyan'}
          placeholder={!side ? undefined : side === 'agent' ? 'message, /call TOOL {json}, /tools, /finish, /help' : 'reply, /stop, /help'}
          history={history}
          busy={!side}
          onSubmit={submit}
          width={width}
          maxRows={inputRows}
          onWantRows={setInputWant}
        />
      ) : null}
      {errorLines.map((line, i) => (
        <Text key={i} color="red" wrap="truncate-end">
          {line}
        </Text>
      ))}
      {footer ? (
        <Text color="gray" wrap="truncate-end">
          Ctrl+O spoiler · /help · {open ? `Esc closes ${help ? 'help' : 'the spoiler'}` : 'Esc ends (saved)'}
        </Text>
      ) : null}
    </Box>
  );
}
