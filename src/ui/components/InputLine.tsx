import { Box, Text, useInput } from 'ink';
import { useReducer, useRef } from 'react';

export interface InputLineProps {
  prompt: string;
  promptColor?: string;
  placeholder?: string;
  /** Earlier inputs, oldest first, for Up/Down. */
  history: readonly string[];
  disabled?: boolean;
  /** Returns true when the text was taken (the line clears), false to keep it for fixing. */
  onSubmit: (text: string) => boolean;
}

interface Line {
  text: string;
  cursor: number;
  /** Index into history while recalling, else null. */
  recall: number | null;
}

/**
 * A one-line editor that owns its text, so a keystroke re-renders only this line, however long the
 * transcript is. Left/Right/Home/End (Ctrl+A/E) move, Backspace/Delete erase, Ctrl+U clears,
 * Up/Down recall history. The line lives in a ref: Ink may hand several keys to the handler before
 * the next render, and each must see the one before.
 */
export function InputLine({ prompt, promptColor = 'cyan', placeholder, history, disabled = false, onSubmit }: InputLineProps) {
  const line = useRef<Line>({ text: '', cursor: 0, recall: null });
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  const set = (text: string, cursor = text.length, recall: number | null = line.current.recall): void => {
    line.current = { text, cursor, recall };
    rerender();
  };
  const submit = (): void => {
    if (onSubmit(line.current.text)) set('', 0, null);
  };
  const type = (chunk: string): void => {
    // A chunk can hold several keys (fast typing, paste, tmux send-keys): line breaks submit,
    // DEL/BS erase leftwards, other control characters are dropped.
    for (const ch of chunk) {
      const { text, cursor } = line.current;
      if (ch === '\r' || ch === '\n') submit();
      else if (ch === '\x7f' || ch === '\b') {
        if (cursor > 0) set(text.slice(0, cursor - 1) + text.slice(cursor), cursor - 1);
      } else if (ch >= ' ') set(text.slice(0, cursor) + ch + text.slice(cursor), cursor + 1);
    }
  };

  useInput(
    (input, key) => {
      const { text, cursor, recall } = line.current;
      if (key.return) return submit();
      if (key.upArrow || key.downArrow) {
        if (history.length === 0) return;
        const from = recall ?? history.length;
        const next = key.upArrow ? Math.max(0, from - 1) : from + 1;
        if (next >= history.length) set('', 0, null);
        else set(history[next] ?? '', undefined, next);
        return;
      }
      if (key.leftArrow) return set(text, Math.max(0, cursor - 1));
      if (key.rightArrow) return set(text, Math.min(text.length, cursor + 1));
      if (key.home || (key.ctrl && input === 'a')) return set(text, 0);
      if (key.end || (key.ctrl && input === 'e')) return set(text, text.length);
      if (key.ctrl && input === 'u') return set('', 0);
      // Terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`: both erase leftwards.
      if (key.backspace || key.delete) return type(/[\x7f\b]/.test(input) ? input : '\x7f');
      if (key.ctrl || key.meta || key.escape || key.tab || !input) return;
      type(input);
    },
    { isActive: !disabled },
  );

  const { text, cursor } = line.current;
  const before = text.slice(0, cursor);
  const at = text.slice(cursor, cursor + 1) || ' ';
  const after = text.slice(cursor + 1);
  return (
    <Box>
      <Text color={disabled ? 'gray' : promptColor} bold>
        {prompt} ❯{' '}
      </Text>
      {text === '' && placeholder ? (
        <Text color="gray">
          {disabled ? '' : <Text inverse> </Text>}
          {placeholder}
        </Text>
      ) : (
        <Text wrap="wrap">
          {before}
          {disabled ? at : <Text inverse>{at}</Text>}
          {after}
        </Text>
      )}
    </Box>
  );
}
