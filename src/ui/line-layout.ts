import { graphemes } from './line-edit.js';

// East Asian wide and fullwidth characters, and emoji shown as pictures: two columns in a terminal.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]|\p{Emoji_Presentation}|\uFE0F|\p{Regional_Indicator}/u;

/** Columns one grapheme takes in a terminal: 2 when wide, else 1. An estimate: terminals differ on a few. */
export function graphemeWidth(g: string): number {
  return WIDE.test(g) ? 2 : 1;
}

/** A row of a laid-out line: [start, end) as UTF-16 offsets into the text. */
export type Span = [number, number];

/**
 * `text` broken into rows of at most `width` columns, where a grapheme never straddles two rows (a
 * shell's line editor wraps the same way, without looking for spaces). One cell after the text is
 * kept for the cursor, so the last row is never full: the row count does not change as the cursor
 * moves to the end.
 */
export function lineRows(text: string, width: number): Span[] {
  const w = Math.max(1, Math.floor(width));
  const rows: Span[] = [];
  let start = 0;
  let used = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    const cells = graphemeWidth(segment);
    if (used + cells > w && index > start) {
      rows.push([start, index]);
      start = index;
      used = 0;
    }
    used += cells;
  }
  // The cursor's cell after the text.
  if (used + 1 > w && text.length > start) {
    rows.push([start, text.length]);
    start = text.length;
  }
  rows.push([start, text.length]);
  return rows;
}

/** The row the cursor (a UTF-16 offset) is on. */
export function cursorRow(rows: readonly Span[], cursor: number): number {
  const i = rows.findIndex(([, end], k) => cursor < end || k === rows.length - 1);
  return Math.max(0, i);
}

/**
 * The first row of a window of `size` rows that shows `row`, moved as little as possible from `top`
 * (the window before), and never past the end.
 */
export function windowTop(top: number, row: number, size: number, total: number): number {
  const n = Math.max(1, size);
  let t = Math.min(top, row);
  if (row >= t + n) t = row - n + 1;
  return Math.max(0, Math.min(t, total - n));
}
