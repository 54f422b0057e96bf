import { Box, Text, useInput } from 'ink';
import { useReducer, useRef } from 'react';
import { type EditLine, editKey } from '../line-edit.js';
import { LineText } from './LineText.js';

export interface InputLineProps {
  prompt: string;
  promptColor?: string;
  placeholder?: string;
  /** Earlier inputs, oldest first, for Up/Down. */
  history: readonly string[];
  /** The other side is working: keys still edit the line (typing ahead), but Enter keeps the text. */
  busy?: boolean;
  /** Returns true when the text was taken (the line clears), false to keep it for fixing. */
  onSubmit: (text: string) => boolean;
}

interface Line extends EditLine {
  /** Index into history while recalling, else null. */
  recall: number | null;
}

/**
 * A one-line editor that owns its text, so a keystroke re-renders only this line, however long the
 * transcript is. Editing keys are in line-edit.ts; Up/Down recall history. The line lives in a ref:
 * Ink may hand several keys to the handler before the next render, and each must see the one before.
 */
export function InputLine({ prompt, promptColor = 'cyan', placeholder, history, busy = false, onSubmit }: InputLineProps) {
  const line = useRef<Line>({ text: '', cursor: 0, recall: null });
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  const set = (text: string, cursor = text.length, recall: number | null = line.current.recall): void => {
    line.current = { text, cursor, recall };
    rerender();
  };

  useInput((input, key) => {
    if (key.upArrow || key.downArrow) {
      if (history.length === 0) return;
      const from = line.current.recall ?? history.length;
      const next = key.upArrow ? Math.max(0, from - 1) : from + 1;
      if (next >= history.length) set('', 0, null);
      else set(history[next] ?? '', undefined, next);
      return;
    }
    const edit = editKey(line.current, input, key);
    if (!edit) return;
    set(edit.line.text, edit.line.cursor);
    if (edit.enter && !busy && onSubmit(line.current.text)) set('', 0, null);
  });

  return (
    <Box>
      <Text color={busy ? 'gray' : promptColor} bold>
        {prompt} ❯{' '}
      </Text>
      <LineText line={line.current} placeholder={placeholder} color={busy ? 'gray' : undefined} />
    </Box>
  );
}
