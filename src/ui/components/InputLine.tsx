import { Box, Text, useInput } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import { type EditLine, editKey } from '../line-edit.js';
import { cursorRow, lineRows, windowTop } from '../line-layout.js';
import { useTerminalSize } from '../use-width.js';
import { LineText } from './LineText.js';

export interface InputLineProps {
  prompt: string;
  promptColor?: string;
  placeholder?: string;
  /** Earlier inputs, oldest first, for Up/Down. */
  history: readonly string[];
  /** The other side is working: keys still edit the line (typing ahead), but Enter keeps the text… */
  busy?: boolean;
  /** …unless this says the line may be sent anyway (a command that only looks, such as /inspect). */
  takesWhileBusy?: (text: string) => boolean;
  /** Returns true when the text was taken (the line clears), false to keep it for fixing. */
  onSubmit: (text: string) => boolean;
  /** Columns for the prompt and the text; by default the terminal's. */
  width?: number;
  /** Rows the line may take now; a longer text shows a window of it around the cursor. */
  maxRows?: number;
  /** Told the rows the whole text would take, when that changes, so the screen can make room. */
  onWantRows?: (rows: number) => void;
  /** False while something else on screen takes the keys (a picker, the inspector): the text is kept. */
  active?: boolean;
  /** The text the line starts with (a path typed before, to fix). */
  initial?: string;
}

interface Line extends EditLine {
  /** Index into history while recalling, else null. */
  recall: number | null;
  /** What was typed before Up began recalling; Down past the newest entry brings it back. */
  draft: string;
}

/**
 * A line editor that owns its text, so a keystroke re-renders only this line, however long the
 * transcript is. Editing keys are in line-edit.ts; Up/Down recall history as a shell does. The line
 * lives in a ref: Ink may hand several keys to the handler before the next render, and each must see
 * the one before.
 *
 * A long text wraps over rows (line-layout.ts) and takes at most `maxRows` of them: a window that
 * follows the cursor, "…" after the prompt when rows are hidden above and at the end when rows are
 * hidden below (←/→, Home/End move through them). Each row keeps its last column for that "…".
 */
export function InputLine({ prompt, promptColor = 'cyan', placeholder, history, busy = false, takesWhileBusy, onSubmit, width, maxRows = 3, onWantRows, active = true, initial = '' }: InputLineProps) {
  const line = useRef<Line>({ text: initial, cursor: initial.length, recall: null, draft: '' });
  const top = useRef(0);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const terminal = useTerminalSize();

  const set = (next: Partial<Line> & { text: string }): void => {
    line.current = { ...line.current, cursor: next.text.length, ...next };
    rerender();
  };

  useInput((input, key) => {
    const { recall, draft, text } = line.current;
    // Ctrl/Alt with an arrow is the screen's (moving to a transcript row), not history.
    if ((key.upArrow || key.downArrow) && (key.ctrl || key.meta)) return;
    if (key.upArrow) {
      if (history.length === 0 || recall === 0) return;
      const at = recall === null ? history.length - 1 : recall - 1;
      return set({ text: history[at] ?? '', recall: at, draft: recall === null ? text : draft });
    }
    if (key.downArrow) {
      if (recall === null) return;
      return recall + 1 < history.length ? set({ text: history[recall + 1] ?? '', recall: recall + 1 }) : set({ text: draft, recall: null, draft: '' });
    }
    const edit = editKey(line.current, input, key);
    if (!edit) return;
    set(edit.line);
    if (edit.enter && (!busy || takesWhileBusy?.(line.current.text)) && onSubmit(line.current.text)) set({ text: '', recall: null, draft: '' });
  }, { isActive: active });

  const { text, cursor } = line.current;
  const head = `${prompt} ❯`;
  const gutter = Array.from(head).length + 1;
  const rows = lineRows(text, Math.max(1, (width ?? terminal.width) - gutter - 1));
  const size = Math.max(1, Math.min(maxRows, rows.length));
  const at = cursorRow(rows, cursor);
  top.current = windowTop(top.current, at, size, rows.length);
  const first = top.current;
  const shown = rows.slice(first, first + size);
  const hiddenBelow = first + size < rows.length;

  const want = rows.length;
  useEffect(() => {
    onWantRows?.(want);
  }, [want]);

  const color = busy ? 'gray' : undefined;
  return (
    <Box flexDirection="column">
      {shown.map(([start, end], i) => {
        const row = first + i;
        return (
          <Box key={row}>
            <Text color={busy ? 'gray' : promptColor} bold>
              {i === 0 ? `${head}${first > 0 ? '…' : ' '}` : ' '.repeat(gutter)}
            </Text>
            <LineText
              line={{ text: text.slice(start, end), cursor: cursor - start }}
              placeholder={text === '' ? placeholder : undefined}
              color={color}
              showCursor={row === at}
              wrap="truncate-end"
            />
            {hiddenBelow && i === shown.length - 1 ? <Text color="gray">…</Text> : null}
          </Box>
        );
      })}
    </Box>
  );
}
