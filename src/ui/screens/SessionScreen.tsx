import { Spinner } from '@inkjs/ui';
import { Box, Static, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { Event } from '../../domain/events.js';
import { type CommandContext, interpret } from '../commands.js';
import { HelpBox } from '../components/HelpBox.js';
import { InputLine } from '../components/InputLine.js';
import { RubricPanel } from '../components/RubricPanel.js';
import { type Player, TaskCard } from '../components/TaskCard.js';
import { ToolForm } from '../components/ToolForm.js';
import { TranscriptRow } from '../components/TranscriptRow.js';
import type { SessionController, SessionSnapshot } from '../session-controller.js';
import { partialLines } from '../partial-lines.js';
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

/** The live session: transcript in <Static>, then the task card, the rubric and the input. */
export function SessionScreen({ controller, player, others, onEnd }: SessionScreenProps) {
  const snap = useSession(controller);
  const { width } = useTerminalSize();
  const [spoiler, setSpoiler] = useState(false);
  const [help, setHelp] = useState(false);
  const [tools, setTools] = useState(false);
  const [error, setError] = useState('');
  const [history, setHistory] = useState<string[]>([]);

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
  const open = help || spoiler;

  return (
    <Box flexDirection="column" width={width}>
      <Static items={snap.events as Event[]}>{(e) => <TranscriptRow key={e.seq} event={e} width={width} />}</Static>
      <Box flexDirection={wide ? 'row' : 'column'}>
        <TaskCard task={controller.task} state={snap.state} player={player} spoiler={spoiler} width={cardWidth} textLines={wide ? Math.max(2, Math.min(8, controller.task.rubric.length - 3)) : 2} />
        <RubricPanel state={snap.state} width={rubricWidth} maxRows={wide ? undefined : 6} hideDescriptions={!spoiler && (player === 'agent' || player === 'both') && !snap.result} />
      </Box>
      {help && lineSide ? <HelpBox side={lineSide} /> : null}
      {partial ? (
        <Box>
          <Spinner />
          <Text color={TONE_COLOR[partial.side]}> {writer}</Text>
          <Box flexDirection="column">
            {partialLines(partial.text, width - 2 - Array.from(writer).length, 3).map((line, i) => (
              <Text key={i} wrap="truncate-end">
                {line}
              </Text>
            ))}
          </Box>
        </Box>
      ) : working ? (
        <Spinner label={snap.state.turn === 'agent' ? `${others.agent} is working…` : `${others.user} is replying…`} />
      ) : null}
      {side && tools ? (
        <ToolForm
          tools={controller.task.tools}
          onCancel={() => setTools(false)}
          onCall={(tool, args) => {
            setTools(false);
            controller.submitAgent({ type: 'call', tool, args });
          }}
        />
      ) : null}
      {lineSide && !snap.result && !tools ? (
        <InputLine
          prompt={lineSide}
          promptColor={lineSide === 'agent' ? 'magenta' : 'cyan'}
          placeholder={!side ? undefined : side === 'agent' ? 'message, /call TOOL {json}, /tools, /finish, /help' : 'reply, /stop, /help'}
          history={history}
          busy={!side}
          onSubmit={submit}
        />
      ) : null}
      {error ? <Text color="red">{error}</Text> : null}
      {!snap.result ? <Text color="gray">Ctrl+O spoiler · /help · {open ? `Esc closes ${help ? 'help' : 'the spoiler'}` : 'Esc ends (saved)'}</Text> : null}
    </Box>
  );
}
