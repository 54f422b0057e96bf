/**
 * Rows of the session screen's live part (everything under the transcript), so that it stays at
 * least one row shorter than the terminal. Ink redraws a live frame as tall as the terminal by
 * clearing the whole screen, scrollback included, and then counts its lines one off, so the next
 * redraw erases a transcript row for good (ink.js, `outputHeight >= stdout.rows`).
 */

/** Transcript rows left in view when nothing is open, so the last message can be read under the panels. */
export const TRANSCRIPT_ROWS = 4;
/** Fewest rows a task card is worth drawing in: border, title, a row of text and its status row. */
const MIN_CARD = 5;
/** Fewest rows of the rubric panel: border, score, one row. */
const MIN_RUBRIC = 4;
/** Rows of the rubric stacked under the card: border, score and six items (or five and a count). */
const STACKED_RUBRIC = 9;

/** Rows a long input line may take before it shows a window of itself: a quarter of the terminal, 1 to 6. */
export function inputRowsCap(rows: number): number {
  return Math.max(1, Math.min(6, Math.floor((rows - 1) / 4)));
}

export interface LiveWants {
  /** Terminal rows. */
  rows: number;
  /** Card and rubric side by side (else stacked). */
  wide: boolean;
  /** Rows below the panels that are always drawn: input line, spinner, error, footer. */
  fixed: number;
  /** Rows the help box wants (0: closed). */
  help: number;
  /** Rows the tool form may want (0: closed). */
  form: number;
  /** Rows the task card wants whole, border and title included. */
  card: number;
  /** Rows the rubric panel wants whole: its items, the score and the border. */
  rubric: number;
}

/** Rows given to each part, borders included; 0: not drawn. */
export interface LiveRows {
  help: number;
  form: number;
  card: number;
  rubric: number;
}

/**
 * What was opened (the tool form, then /help) gets the rows it wants; the card and the rubric share
 * what is left, less a few transcript rows when nothing is open, and are left out when too few rows
 * are left for them. Stacked, the rubric takes what the card leaves, at least 40% when both must be
 * cut; side by side, each may take the whole height.
 */
export function liveLayout(w: LiveWants): LiveRows {
  let free = w.rows - 1 - w.fixed;
  const form = Math.max(0, Math.min(w.form, free));
  free -= form;
  // A box needs three rows (border and one row); with fewer, help waits for a taller terminal.
  const help = free >= 3 ? Math.min(w.help, free) : 0;
  free -= help;
  const least = w.wide ? MIN_CARD : MIN_CARD + MIN_RUBRIC;
  const keep = help || form ? 0 : Math.min(TRANSCRIPT_ROWS, Math.floor(w.rows / 6), Math.max(0, free - least));
  const area = free - keep;
  if (area < MIN_CARD) return { help, form, card: 0, rubric: 0 };
  if (w.wide) return { help, form, card: area, rubric: Math.min(w.rubric, area) };
  if (area < MIN_CARD + MIN_RUBRIC) return { help, form, card: area, rubric: 0 };
  const rubric = Math.min(w.rubric, STACKED_RUBRIC, Math.max(area - w.card, MIN_RUBRIC, Math.floor(area * 0.4)));
  return { help, form, card: area - rubric, rubric };
}
