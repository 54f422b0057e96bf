import type { Output } from '../io.js';

/** `45s`, `1m05s`, `2h03m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Time left: the mean duration of the items finished so far × those left ÷ the items run at once. */
export function estimateMs(durations: readonly number[], remaining: number, concurrency: number): number | null {
  if (durations.length === 0 || remaining <= 0) return remaining <= 0 ? 0 : null;
  const each = durations.reduce((a, b) => a + b, 0) / durations.length;
  return (each * remaining) / Math.max(1, Math.min(concurrency, remaining));
}

/** `[#####.....] 12/40  30%  ETA 1m05s  <tail>`. */
export function barLine(p: { done: number; total: number; etaMs: number | null; tail: string; width?: number }): string {
  const width = p.width ?? 20;
  const frac = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(frac * width);
  const eta = p.etaMs === null ? '--' : formatDuration(p.etaMs);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}  ${Math.floor(frac * 100)}%  ETA ${eta}  ${p.tail}`;
}

export interface ProgressOptions {
  total: number;
  /** Items already done when the run starts (a resumed batch). */
  done?: number;
  /** Items run at once, for the ETA. */
  concurrency?: number;
  /** The bar's line for the state so far (`done`, and the ETA): what the run adds after the ETA. */
  line: (p: { done: number; total: number; etaMs: number | null }) => string;
}

/**
 * The one progress reporter of long runs (batch, synth), on stderr: on a terminal one line redrawn in
 * place (with what is under way), log lines above it; elsewhere one line per finished item.
 */
export class Progress {
  private readonly durations: number[] = [];
  private done: number;
  private drawn = false;

  constructor(
    private readonly stream: Output,
    private readonly opts: ProgressOptions,
  ) {
    this.done = opts.done ?? 0;
  }

  private get tty(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** A first line (said either way), then the bar on a terminal. */
  start(note: string | null): void {
    if (note) this.stream.write(`${note}\n`);
    if (this.tty) this.draw();
  }

  /** Something changed that the bar shows (the step under way): redrawn on a terminal only. */
  update(): void {
    if (this.tty) this.draw();
  }

  /** One item finished: its log line (kept above the bar on a terminal when `keep`), and the bar moves on. */
  finished(line: string, ms: number, keep = false): void {
    this.done++;
    this.durations.push(ms);
    if (!this.tty) return void this.stream.write(`${line}\n`);
    if (keep) this.above(line);
    this.draw();
  }

  /** A line for the log (a retried HTTP call): above the bar on a terminal. */
  print(text: string): void {
    const redraw = this.drawn;
    this.above(text);
    if (redraw) this.draw();
  }

  /** Ends the bar's line so what follows starts on a fresh one. */
  end(): void {
    if (this.tty && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private above(text: string): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[2K');
    this.stream.write(`${text}\n`);
    this.drawn = false;
  }

  private draw(): void {
    const { total, concurrency = 1 } = this.opts;
    const line = this.opts.line({ done: this.done, total, etaMs: estimateMs(this.durations, total - this.done, concurrency) });
    const columns = this.stream.columns || 80;
    this.stream.write(`\r\x1b[2K${line.length >= columns ? line.slice(0, columns - 1) : line}`);
    this.drawn = true;
  }
}
