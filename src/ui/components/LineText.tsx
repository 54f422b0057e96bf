import { Text } from 'ink';
import { type EditLine, nextBoundary } from '../line-edit.js';

/**
 * Whether Ink draws text styles. Ink styles through chalk, which at colour level 0 drops every style,
 * inverse and bold included, not only colours: FORCE_COLOR=0 (what `play` sets for NO_COLOR) or a dumb
 * terminal. Read when drawing, so it follows the environment the screen runs in.
 */
export function stylesOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.NO_COLOR ?? '') !== '' || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false' || env.TERM === 'dumb';
}

export interface LineTextProps {
  line: EditLine;
  /** Shown in grey while the line is empty. */
  placeholder?: string;
  color?: string;
  /** False for a row of a long line that the cursor is not on. */
  showCursor?: boolean;
  /** How Ink fits the text to its box: a row of a laid-out line is cut, never wrapped. */
  wrap?: 'wrap' | 'truncate-end';
}

/**
 * The text of an edited line with its cursor: an inverse cell over the character at the cursor (a
 * whole grapheme), or, when styles are off, a bar just before it, so the cursor shows without colour.
 */
export function LineText({ line, placeholder, color, showCursor = true, wrap = 'wrap' }: LineTextProps) {
  const { text, cursor } = line;
  const plain = stylesOff();
  if (!showCursor) {
    return (
      <Text color={color} wrap={wrap}>
        {text}
      </Text>
    );
  }
  if (text === '' && placeholder) {
    return (
      <Text color="gray" wrap={wrap}>
        {plain ? '▏' : <Text inverse> </Text>}
        {placeholder}
      </Text>
    );
  }
  const end = nextBoundary(text, cursor);
  const under = text.slice(cursor, end);
  return (
    <Text color={color} wrap={wrap}>
      {text.slice(0, cursor)}
      {plain ? `▏${under}` : <Text inverse>{under || ' '}</Text>}
      {text.slice(end)}
    </Text>
  );
}
