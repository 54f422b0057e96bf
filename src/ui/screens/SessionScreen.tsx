import { Spinner } from '@inkjs/ui';
import { Box, Static, Text, useInput } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { Event } from '../../domain/events.js';
import { anytimeCommand, type CommandContext, type CommandResult, interpret } from '../commands.js';
import { AskForm } from '../components/AskForm.js';
import { Inspector } from '../components/Inspector.js';
import { defaultInspectSeq } from '../inspect-lines.js';
import { useRepaintOnResize } from '../use-repaint.js';
import { HelpBox, helpHeight } from '../components/HelpBox.js';
import { InputLine } from '../components/InputLine.js';
import { RubricPanel } from '../components/RubricPanel.js';
import { cardHeight, type Player, TaskCard } from '../components/TaskCard.js';
import { ToolForm, toolFormHeight } from '../components/ToolForm.js';
import { TranscriptRow } from '../components/TranscriptRow.js';
import { auditMarks, flagMark } from '../audit-marks.js';
import { oneLine, rowParts, wrapText } from '../format.js';
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
  // The error line is information instead (a tool's schema): cyan, not red.
  const [info, setInfo] = useState(false);
  const [history, setHistory] = useState<string[]>([]);
  // Rows the input line would take whole (it tells, see InputLine).
  const [inputWant, setInputWant] = useState(1);
  // The event open full screen, the transcript row being picked (an index), and Esc's "end now?".
  const [inspect, setInspect] = useState<number | null>(null);
  const [pick, setPick] = useState<number | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const { epoch, repaint } = useRepaintOnResize();
  // The simulator audit of the log so far: ⚠ on flagged rows, its details in the inspector.
  const audit = useMemo(() => auditMarks(controller.task, snap.events), [controller.task, snap.events.length]);

  useEffect(() => {
    void controller.start();
  }, [controller]);
  useEffect(() => {
    if (snap.result) onEnd(snap);
  }, [snap.result]);

  // The one keymap of the screen; the inspector, the tool form and the input line take their own keys.
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return controller.abort();
    // The inspector and a question to the person (a tool's answer, a verdict) take every other key.
    if (inspect !== null || controller.getSnapshot().asking) return;
    const events = controller.getSnapshot().events;
    if (confirmEnd) {
      setConfirmEnd(false);
      if (input === 'y' || input === 'Y' || key.return) controller.abort();
      return;
    }
    if (pick !== null) {
      if (key.escape) setPick(null);
      else if (key.upArrow) setPick(Math.max(0, pick - 1));
      else if (key.downArrow) setPick(Math.min(events.length - 1, pick + 1));
      else if (key.return && events[pick]) {
        setInspect(events[pick].seq);
        setPick(null);
      }
      return;
    }
    // Ctrl+↑/↓ (or a plain ↑ when nobody types, only watches) moves to a transcript row.
    const watching = lineSide === null;
    if ((key.upArrow || key.downArrow) && (key.ctrl || key.meta || watching) && !tools && events.length > 0) return setPick(events.length - 1);
    if (watching && (input === 'i' || key.return)) return void inspectAt(null);
    // A watched session (nobody plays): Space pauses and resumes, n shows one more event while paused.
    if (controller.watched && input === ' ') return controller.togglePause();
    if (controller.watched && input === 'n') return controller.step();
    // Esc closes what is open first (the tool form closes itself); with nothing open it asks before ending.
    if (key.escape) {
      if (tools) return;
      if (help) return setHelp(false);
      if (spoiler) return setSpoiler(false);
      return setConfirmEnd(true);
    }
    if (key.ctrl && input === 'o') setSpoiler((s) => !s);
  });

  const inspectAt = (seq: number | null): CommandResult => {
    const events = controller.getSnapshot().events;
    const at = seq ?? defaultInspectSeq(events);
    if (at === null) return { ok: false, error: 'nothing to inspect yet' };
    if (!events.some((e) => e.seq === at)) return { ok: false, error: `no event #${at} (the transcript runs from #0 to #${events.at(-1)?.seq ?? 0})` };
    setInspect(at);
    return { ok: true };
  };

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
        inspect: inspectAt,
      }
    : null;

  /** A command that only looks (/inspect): runs whoever's turn it is, and while a form asks; null for any other line. */
  const look = (line: string): CommandResult | null =>
    anytimeCommand(line) ? interpret(line, { side: lineSide ?? 'agent', task: controller.task, agent: () => {}, user: () => {}, openTools: () => {}, toggleHelp: () => {}, toggleSpoiler: () => {}, inspect: inspectAt }) : null;

  const submit = (line: string): boolean => {
    const looked = lineSide ? look(line) : null;
    if (looked) {
      setError(looked.ok ? '' : looked.error);
      setInfo(false);
      return looked.ok;
    }
    // The live snapshot, not this render's: a line sent just as the other side took over stays put.
    if (!ctx || controller.getSnapshot().waiting !== ctx.side) return false;
    const out = interpret(line, ctx);
    if (line.trim()) setHistory((h) => (h.at(-1) === line ? h : [...h, line]));
    setError(out.ok ? '' : out.error);
    setInfo(!out.ok && out.info === true);
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
  const picked = pick !== null ? snap.events[pick] : undefined;

  // Every live row is counted, so the live frame stays shorter than the terminal (session-layout.ts).
  const inputRows = inputShown ? Math.min(inputWant, inputRowsCap(height)) : 0;
  // Never cut: a validation error names every bad field; /call TOOL's schema comes as lines of its own.
  const errorLines = error ? error.split('\n').flatMap((part) => wrapText(part, width)) : [];
  const footer = !snap.result;
  const rows = liveLayout({
    rows: height,
    wide,
    fixed: inputRows + (partial ? Math.max(1, partialText.length) : working ? 1 : 0) + errorLines.length + (footer ? 1 : 0) + (picked ? 1 : 0),
    help: helpSide ? helpHeight(helpSide, width) : 0,
    form: form ? toolFormHeight(controller.task.tools, width) : 0,
    card: cardHeight(controller.task, snap.state, player, spoiler, cardWidth, controller.fork),
    rubric: controller.task.rubric.length + 3,
  });
  const open = help || spoiler;
  const inspecting = inspect !== null;
  const asking = inspecting ? null : snap.asking;
  const input = inputShown ? (
    // Kept mounted (hidden) while the inspector is open, so a half-typed line survives it.
    <Box display={inspecting || asking ? 'none' : 'flex'}>
      <InputLine
        prompt={lineSide}
        promptColor={lineSide === 'agent' ? 'magenta' : 'cyan'}
        placeholder={!side ? undefined : side === 'agent' ? 'message, /call TOOL {json}, /tools, /finish, /help' : 'reply, /stop, /help'}
        history={history}
        busy={!side}
        takesWhileBusy={(text) => anytimeCommand(text) !== undefined}
        onSubmit={submit}
        width={width}
        maxRows={inputRows}
        onWantRows={setInputWant}
        active={!inspecting && !asking && pick === null && !confirmEnd}
      />
    </Box>
  ) : null;

  // What shows under the transcript when the inspector is closed: the panels, then (under the input) errors and keys.
  const panels = (
    <>
        {rows.card > 0 ? (
          <Box flexDirection={wide ? 'row' : 'column'}>
            <TaskCard task={controller.task} fork={controller.fork} state={snap.state} player={player} spoiler={spoiler} width={cardWidth} maxRows={rows.card} scrollKeys={!helpSide} />
            {rows.rubric > 0 ? (
              <RubricPanel
                state={snap.state}
                width={rubricWidth}
                maxRows={rows.rubric < controller.task.rubric.length + 3 ? rows.rubric - 3 : undefined}
                hideDescriptions={!spoiler && (player === 'agent' || player === 'both') && !snap.result}
                judgedBy={controller.judgedBy}
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
        ) : working && snap.paused ? (
          <Text color="yellow" wrap="truncate-end">
            ⏸ paused
          </Text>
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
        {picked ? (
          <Text wrap="truncate-end">
            <Text color="cyan" bold>{`inspect ❯ #${picked.seq} `}</Text>
            {rowParts(picked).label} {oneLine(rowParts(picked).text)}
          </Text>
        ) : null}
    </>
  );
  const under = (
    <>
        {errorLines.map((line, i) => (
          <Text key={i} color={info ? 'cyan' : 'red'} wrap="truncate-end">
            {line}
          </Text>
        ))}
        {confirmEnd ? (
          <Text color="yellow" bold wrap="truncate-end">
            End the session now? It is saved, marked incomplete. y or Enter ends · any other key goes back
          </Text>
        ) : picked ? (
          <Text color="cyan" wrap="truncate-end">
            ↑/↓ another row · Enter opens it full screen · Esc cancels
          </Text>
        ) : footer && snap.paused ? (
          <Text color="yellow" bold wrap="truncate-end">
            paused — Space resumes, n steps · Enter inspects · Esc ends (asks first)
          </Text>
        ) : footer ? (
          <Text color="gray" wrap="truncate-end">
            {controller.watched ? 'Space pauses · ' : ''}
            Ctrl+O spoiler · /help · /inspect · {open ? `Esc closes ${help ? 'help' : 'the spoiler'}` : 'Esc ends (asks first)'}
          </Text>
        ) : null}
    </>
  );

  return (
    <Box flexDirection="column" width={width}>
      {/* Remounted after a resize (the screen was cleared): the transcript is drawn again at the new width. */}
      <Static key={epoch} items={snap.events as Event[]}>
        {(e) => <TranscriptRow key={e.seq} event={e} width={width} flag={flagMark(audit.bySeq.get(e.seq))} />}
      </Static>
      {inspecting ? (
        <Inspector events={snap.events} task={controller.task} seq={inspect} remarks={audit.remarks} width={width} height={Math.max(3, height - 1)} onClose={() => (setInspect(null), repaint())} />
      ) : asking ? (
        <AskForm
          key={asking.kind === 'tool' ? `tool ${snap.state.toolCalls}` : `judge ${asking.index}`}
          asking={asking}
          width={width}
          maxRows={Math.max(6, height - 2)}
          onTool={(answer) => void controller.answerTool(answer)}
          onJudge={(verdict, rest) => void controller.answerJudge(verdict, rest)}
          onLook={look}
        />
      ) : (
        panels
      )}
      {/* Always at this place in the tree, so that opening the inspector does not remount it (its text is kept). */}
      {input}
      {inspecting ? null : asking ? (
        <Text color="gray" wrap="truncate-end">
          Ctrl+C ends the session (saved, marked incomplete)
        </Text>
      ) : (
        under
      )}
    </Box>
  );
}
