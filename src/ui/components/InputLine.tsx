import { Box, Text, useInput } from 'ink';
import { useState } from 'react';

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

/**
 * A one-line editor that owns its text, so a keystroke re-renders only this line, however long the
 * transcript is. Left/Right/Home/End (Ctrl+A/E) move, Backspace/Delete erase, Ctrl+U clears,
 * Up/Down recall history.
 */
export function InputLine({ prompt, promptColor = 'cyan', placeholder, history, disabled = false, onSubmit }: InputLineProps) {
  const [text, setText] = useState('');
  const [cursor, setCursor] = useState(0);
  const [recall, setRecall] = useState<number | null>(null);

  const set = (value: string, at = value.length): void => {
    setText(value);
    setCursor(at);
  };

  useInput(
    (input, key) => {
      if (key.return) {
        if (onSubmit(text)) {
          set('');
          setRecall(null);
        }
        return;
      }
      if (key.upArrow || key.downArrow) {
        if (history.length === 0) return;
        const from = recall ?? history.length;
        const next = key.upArrow ? Math.max(0, from - 1) : from + 1;
        if (next >= history.length) {
          setRecall(null);
          set('');
        } else {
          setRecall(next);
          set(history[next] ?? '');
        }
        return;
      }
      if (key.leftArrow) return setCursor((c) => Math.max(0, c - 1));
      if (key.rightArrow) return setCursor((c) => Math.min(text.length, c + 1));
      if (key.home || (key.ctrl && input === 'a')) return setCursor(0);
      if (key.end || (key.ctrl && input === 'e')) return setCursor(text.length);
      if (key.ctrl && input === 'u') return set('');
      if (key.backspace || key.delete) {
        // Terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`: both erase leftwards.
        if (cursor === 0) return;
        set(text.slice(0, cursor - 1) + text.slice(cursor), cursor - 1);
        return;
      }
      if (key.ctrl || key.meta || key.escape || key.tab || !input) return;
      // A chunk can hold several keys (fast typing, paste, tmux send-keys): each line break submits.
      const lines = input.split(/\r\n|\r|\n/);
      let line = text.slice(0, cursor) + (lines[0] ?? '');
      let tail = text.slice(cursor);
      for (const next of lines.slice(1)) {
        if (!onSubmit(line + tail)) {
          set(line + tail, line.length);
          return;
        }
        setRecall(null);
        line = next;
        tail = '';
      }
      set(line + tail, line.length);
    },
    { isActive: !disabled },
  );

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
