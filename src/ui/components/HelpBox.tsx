import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { KEYS, SLASH_COMMANDS, type Side } from '../commands.js';
import { wrapText } from '../format.js';

/** A row of /help: the start of an entry (its name, then the first words of what it does) or a continuation. */
interface HelpRow {
  key: string;
  name: string;
  text: string;
  title: boolean;
}

/** The rows of /help at `width` columns: the title, each command of `side`, each key; long descriptions wrap, indented. */
export function helpRows(side: Side, width: number): HelpRow[] {
  const rows: HelpRow[] = [];
  const entry = (key: string, name: string, what: string, title = false): void => {
    const whole = `${name} ${what}`;
    const first = wrapText(whole, width)[0] ?? '';
    const named = Math.min(name.length, first.length);
    rows.push({ key, name: first.slice(0, named), text: first.slice(named), title });
    const rest = whole.slice(first.length).trim();
    if (rest) wrapText(rest, width - 2).forEach((line, i) => rows.push({ key: `${key}.${i}`, name: '', text: `  ${line}`, title }));
  };
  entry('title', `commands for the ${side}`, '(plain text + Enter sends a message)', true);
  for (const c of SLASH_COMMANDS) if (c.sides.includes(side)) entry(`/${c.name}`, `/${c.name}${c.args ? ` ${c.args}` : ''}`, c.help);
  for (const [k, what] of KEYS) entry(k, k, what);
  return rows;
}

/** Rows /help takes when it has all it wants, border included. */
export function helpHeight(side: Side, width: number): number {
  return helpRows(side, Math.max(10, width - 4)).length + 2;
}

/**
 * /help: every command of the current side, and every key, in `width` columns and at most `maxRows`
 * rows (border included). When they do not fit, a window of them shows, with a status row saying
 * how many are left and that PgDn / PgUp scroll.
 */
export function HelpBox({ side, width, maxRows }: { side: Side; width: number; maxRows: number }) {
  const [offset, setOffset] = useState(0);
  const rows = helpRows(side, Math.max(10, width - 4));
  const body = Math.max(1, maxRows - 2);
  const cut = rows.length > body;
  const view = cut ? body - 1 : rows.length;
  const top = Math.max(0, Math.min(offset, rows.length - view));
  const below = rows.length - top - view;

  useInput(
    (_input, key) => {
      if (key.pageDown) setOffset(Math.min(rows.length - view, top + Math.max(1, view - 1)));
      else if (key.pageUp) setOffset(Math.max(0, top - Math.max(1, view - 1)));
    },
    { isActive: cut },
  );

  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} width={width}>
      {rows.slice(top, top + view).map((r) => (
        <Text key={r.key} wrap="truncate-end">
          <Text color={r.title ? undefined : 'cyan'} bold={r.title}>
            {r.name}
          </Text>
          <Text color="gray">{r.text}</Text>
        </Text>
      ))}
      {cut ? (
        <Text color="cyan" wrap="truncate-end">
          {below > 0 ? `↓ ${below} more line${below === 1 ? '' : 's'} · PgDn scrolls` : 'end of help'}
          {top > 0 ? ` · ↑ ${top} above · PgUp` : ''}
        </Text>
      ) : null}
    </Box>
  );
}
