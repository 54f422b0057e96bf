import { Box, Text, useInput } from 'ink';
import { type ReactNode, useState } from 'react';
import type { SessionState } from '../../domain/session-state.js';
import type { Task } from '../../domain/task.js';
import { wrapText } from '../format.js';
import { useTerminalSize } from '../use-width.js';

export type Player = 'agent' | 'user' | 'both' | 'none';

/** One row of the card's body: a row of its own (tools, a fact), or a wrapped line of a long text, which a cut can end with "…". */
type Row = { key: string; node: ReactNode } | { key: string; line: string; color: string };

/**
 * Rows the card takes when the caller does not say: what the session screen leaves of the terminal —
 * less the input, footer, error and spinner rows and a few transcript rows to read the last message
 * by, and less the rubric panel when it sits below the card (`beside` false).
 */
export function cardRows(terminalRows: number, beside: boolean): number {
  return terminalRows - 8 - (beside ? 0 : 9);
}

/** The rows of the card's body at `inner` columns, in order: what the player may see, then the spoiler's. */
function cardBody(task: Task, state: SessionState, player: Player, spoiler: boolean, inner: number): Row[] {
  const showAgent = spoiler || player === 'agent' || player === 'both' || player === 'none';
  const showUser = spoiler || player === 'user' || player === 'both';
  const rows: Row[] = [];
  const long = (key: string, label: string, text: string, color: string): void => {
    wrapText(`${label}${text}`, inner).forEach((line, i) => rows.push({ key: `${key}${i}`, line, color }));
  };
  // Every tool's name, wrapped over as many lines as it takes (/tools and /call TOOL show the rest).
  if (showAgent) long('tools', 'tools: ', task.tools.map((t) => t.name).join(', ') || '(none)', 'white');
  // The person playing the user: their goal (the full instruction is theirs, not a spoiler on this side) first.
  const playsUser = player === 'user' || player === 'both';
  if (playsUser) long('goal', 'your goal: ', task.fullInstruction, 'white');
  if (showUser && task.user.persona) long('persona', 'persona: ', task.user.persona, 'gray');
  if (showUser)
    for (const f of task.user.facts)
      rows.push({
        key: `fact-${f.id}`,
        node: (
          <Text wrap="truncate-end">
            <Text color={state.revealed.has(f.id) ? 'green' : 'yellow'}>{state.revealed.has(f.id) ? '🔓' : '🔒'} </Text>
            {f.description}: <Text bold>{String(f.value)}</Text>
          </Text>
        ),
      });
  if (showAgent && task.system) long('policy', 'policy: ', task.system, 'gray');
  if (showUser && task.user.background) long('background', 'background: ', task.user.background, 'gray');
  if (playsUser)
    long(
      'hint',
      '',
      task.user.facts.length
        ? 'A fact counts as told when its value is in your reply (5000, 5,000 or $5,000; 2026-04-23 or April 23, 2026): the agent must ask for it first.'
        : 'What you know is in the background: answer what the agent asks, one thing at a time.',
      'cyan',
    );
  if (spoiler && !playsUser) long('goal', 'goal: ', task.fullInstruction, 'red');
  if (spoiler)
    rows.push({
      key: 'world',
      node: (
        <Text wrap="truncate-end" color="red">
          world: {JSON.stringify(state.world)}
        </Text>
      ),
    });

  return rows;
}

/** Rows the card takes when it has all it wants at `width` columns, border and title included. */
export function cardHeight(task: Task, state: SessionState, player: Player, spoiler: boolean, width: number, fork?: string | null): number {
  return forkRows(fork, Math.max(10, width - 4)).length + cardBody(task, state, player, spoiler, Math.max(10, width - 4)).length + 3;
}

/** A forked session's "fork of ID at seq N", first under the title (wrapped: recording ids are long). */
function forkRows(fork: string | null | undefined, inner: number): { key: string; line: string; color: string }[] {
  return fork ? wrapText(fork, inner).map((line, i) => ({ key: `fork.${i}`, line, color: 'yellow' })) : [];
}

/**
 * The task as the current player may see it: the agent player gets the instruction, the policy and
 * the tools; the user player gets the persona, background and facts (marked once revealed).
 * `spoiler` shows everything, marked as such, for debugging.
 *
 * Long texts are word-wrapped here, line by line, and shown whole when the card has the rows
 * (`maxRows`, border included, never more; by default what the terminal leaves, see `cardRows`, and
 * never fewer than `textLines` text lines). When they do not fit, the card shows a window of its rows:
 * the last row shown ends with "…", and a status row says how many lines are left and that PgDn /
 * PgUp scroll (unless `scrollKeys` is false: something else on screen has those keys).
 */
export function TaskCard({ task, state, player, spoiler, width, textLines = 2, maxRows, scrollKeys = true, fork }: { task: Task; state: SessionState; player: Player; spoiler: boolean; width: number; textLines?: number; maxRows?: number; scrollKeys?: boolean; fork?: string | null }) {
  const terminal = useTerminalSize();
  const [offset, setOffset] = useState(0);
  const inner = Math.max(10, width - 4);
  const rows = [...forkRows(fork, inner), ...cardBody(task, state, player, spoiler, inner)];

  // Title and border take 3 rows; a cut card gives one more to its status row.
  const body = maxRows === undefined ? Math.max(textLines + 1, cardRows(terminal.height, width < terminal.width) - 3) : Math.max(1, maxRows - 3);
  const cut = rows.length > body;
  const view = cut ? body - 1 : rows.length;
  const top = Math.max(0, Math.min(offset, rows.length - view));
  const shown = rows.slice(top, top + view);
  const below = rows.length - top - view;

  useInput(
    (_input, key) => {
      if (key.pageDown) setOffset(Math.min(rows.length - view, top + Math.max(1, view - 1)));
      else if (key.pageUp) setOffset(Math.max(0, top - Math.max(1, view - 1)));
    },
    { isActive: cut && scrollKeys },
  );

  return (
    <Box flexDirection="column" borderStyle="round" borderColor={spoiler ? 'red' : 'gray'} paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        {task.title} <Text color="gray">· {task.domain}{task.difficulty ? ` · ${task.difficulty}` : ''}</Text>
        {spoiler ? <Text color="red" bold>{'  SPOILER: hidden side shown'}</Text> : null}
      </Text>
      {shown.map((r, i) => {
        if ('node' in r) return <Box key={r.key}>{r.node}</Box>;
        // The last row before a cut ends with "…", so a text never stops mid-sentence unmarked.
        const line = below > 0 && i === shown.length - 1 ? `${Array.from(r.line).slice(0, inner - 1).join('').trimEnd()}…` : r.line;
        return (
          <Text key={r.key} wrap="truncate-end" color={r.color}>
            {line}
          </Text>
        );
      })}
      {cut ? (
        <Text color="cyan" wrap="truncate-end">
          {below > 0 ? `↓ ${below} more line${below === 1 ? '' : 's'} · PgDn scrolls` : 'end of card'}
          {top > 0 ? ` · ↑ ${top} above · PgUp` : ''}
        </Text>
      ) : null}
    </Box>
  );
}
