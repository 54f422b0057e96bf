import type { Output } from '../io.js';
import { estimateMs, formatDuration } from '../render/batch-report.js';

/** How one task of a synth run ended. */
export type TaskOutcome = { kept: true; repaired: boolean } | { kept: false; reason: string };

/** `[####......] 2/5  40%  ETA 1m05s  kept 2  · retail-003 rubric` */
export function synthProgressLine(p: { done: number; total: number; kept: number; etaMs: number | null; current: string | null; width?: number }): string {
  const width = p.width ?? 20;
  const frac = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(frac * width);
  const eta = p.etaMs === null ? '--' : formatDuration(p.etaMs);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}  ${Math.floor(frac * 100)}%  ETA ${eta}  kept ${p.kept}`;
  return p.current ? `${bar}  · ${p.current}` : bar;
}

/** `2/5 retail-002 kept (after repair)` or `3/5 finance-003 discarded: …`, for logs. */
export function synthFinishedLine(done: number, total: number, id: string, outcome: TaskOutcome): string {
  if (outcome.kept) return `${done}/${total} ${id} kept${outcome.repaired ? ' (after repair)' : ''}`;
  return `${done}/${total} ${id} discarded: ${outcome.reason}`;
}

/** Progress on stderr: on a terminal one line redrawn with the step under way and an ETA; otherwise one line per task. */
export class SynthProgress {
  private readonly durations: number[] = [];
  private done = 0;
  private kept = 0;
  private current: string | null = null;
  private drawn = false;

  constructor(
    private readonly stream: Output,
    private readonly total: number,
  ) {}

  private get tty(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** The task and step under way (shown on a terminal only). */
  working(id: string, step: string): void {
    this.current = `${id} ${step}`;
    if (this.tty) this.draw();
  }

  finished(id: string, outcome: TaskOutcome, ms: number): void {
    this.done++;
    if (outcome.kept) this.kept++;
    this.durations.push(ms);
    this.current = null;
    const line = synthFinishedLine(this.done, this.total, id, outcome);
    if (!this.tty) return void this.stream.write(`${line}\n`);
    // On a terminal the bar says how many were kept; a discarded task keeps its reason on screen.
    if (!outcome.kept) this.above(line);
    this.draw();
  }

  /** A line for the log (a retried HTTP call): above the bar on a terminal. */
  print(text: string): void {
    const redraw = this.drawn;
    this.above(text);
    if (redraw) this.draw();
  }

  private above(text: string): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[2K');
    this.stream.write(`${text}\n`);
    this.drawn = false;
  }

  /** Ends the bar's line so what follows starts on a fresh one. */
  end(): void {
    if (this.tty && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private draw(): void {
    const line = synthProgressLine({ done: this.done, total: this.total, kept: this.kept, etaMs: estimateMs(this.durations, this.total - this.done, 1), current: this.current });
    const columns = this.stream.columns || 80;
    this.stream.write(`\r\x1b[2K${line.length >= columns ? line.slice(0, columns - 1) : line}`);
    this.drawn = true;
  }
}
