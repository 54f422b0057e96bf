import type { Key } from 'ink';

/** A line being edited. `cursor` is a UTF-16 offset into `text`, always on a grapheme boundary. */
export interface EditLine {
  text: string;
  cursor: number;
}

/** A key applied to a line: the line after it, and whether it asked to submit (Enter). */
export interface Edit {
  line: EditLine;
  enter: boolean;
}

// What a reader calls one character: "é" typed as e + accent, a flag, a family emoji of five code points.
export const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The grapheme boundary before `at` (0 at the start of the text). */
export function previousBoundary(text: string, at: number): number {
  return at <= 0 ? 0 : (graphemes.segment(text).containing(at - 1)?.index ?? 0);
}

/** The grapheme boundary after `at` (the text's length at its end). */
export function nextBoundary(text: string, at: number): number {
  const seg = at >= text.length ? undefined : graphemes.segment(text).containing(at);
  return seg ? seg.index + seg.segment.length : text.length;
}

/**
 * Applies one key as Ink reports it to a line. Left/Right (by grapheme), Home/End (Ctrl+A/E),
 * Ctrl+U, Backspace and text; null for keys that are not editing (Up/Down, Esc, Tab, other chords),
 * which the caller may use for something else.
 */
export function editKey(line: EditLine, input: string, key: Key): Edit | null {
  const { text, cursor } = line;
  const moveTo = (at: number): Edit => ({ line: { text, cursor: at }, enter: false });
  if (key.return) return { line, enter: true };
  if (key.leftArrow) return moveTo(previousBoundary(text, cursor));
  if (key.rightArrow) return moveTo(nextBoundary(text, cursor));
  if (key.home || (key.ctrl && input === 'a')) return moveTo(0);
  if (key.end || (key.ctrl && input === 'e')) return moveTo(text.length);
  if (key.ctrl && input === 'u') return { line: { text: '', cursor: 0 }, enter: false };
  // Terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`, and Ink cannot tell it from
  // the Delete key: both erase leftwards.
  if (key.backspace || key.delete) return typeChunk(line, /[\x7f\b]/.test(input) ? input : '\x7f');
  if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown || !input) return null;
  return typeChunk(line, input);
}

/**
 * Types a chunk of input: whatever the terminal handed over at once (fast typing, a paste, tmux
 * send-keys), which Ink passes on whole when it holds no escape sequence.
 *
 * One line and a line break at its end is typing followed by Enter. More lines are a paste: their
 * line breaks become spaces, so the whole paste lands in the line (which is one line on screen and one
 * message when sent) and nothing is sent before the player presses Enter. DEL/BS erase leftwards,
 * Tab is a space, other control characters are dropped, and so is half a surrogate pair.
 */
export function typeChunk(line: EditLine, chunk: string): Edit {
  const lines = chunk.split(/\r\n|\r|\n/);
  const enter = lines.length === 2 && lines[1] === '';
  let { text, cursor } = line;
  let run = '';
  const flush = (): void => {
    if (run === '') return;
    text = text.slice(0, cursor) + run + text.slice(cursor);
    // Typed before a combining mark, the last character joins it: the cursor goes after the whole.
    cursor = nextBoundary(text, previousBoundary(text, cursor + run.length));
    run = '';
  };
  for (const ch of enter ? (lines[0] ?? '') : lines.join(' ')) {
    if (ch === '\x7f' || ch === '\b') {
      flush();
      const from = previousBoundary(text, cursor);
      text = text.slice(0, from) + text.slice(cursor);
      cursor = from;
    } else if (ch === '\t') run += ' ';
    else if (ch >= ' ' && !/\p{Cs}/u.test(ch)) run += ch;
  }
  flush();
  return { line: { text, cursor }, enter };
}
