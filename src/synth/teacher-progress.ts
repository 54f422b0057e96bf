import type { Output } from '../io.js';
import { barLine, Progress } from '../render/progress.js';

/** How one task of a synth run ended. */
export type TaskOutcome = { kept: true; repaired: boolean } | { kept: false; reason: string };

/** `[####......] 2/5  40%  ETA 1m05s  kept 2  · retail-003 rubric` */
export function synthProgressLine(p: { done: number; total: number; kept: number; etaMs: number | null; current: string | null; width?: number }): string {
  const bar = barLine({ ...p, tail: `kept ${p.kept}` });
  return p.current ? `${bar}  · ${p.current}` : bar;
}

/** `2/5 retail-002 kept (after repair)` or `3/5 finance-003 discarded: …`, for logs. */
export function synthFinishedLine(done: number, total: number, id: string, outcome: TaskOutcome): string {
  if (outcome.kept) return `${done}/${total} ${id} kept${outcome.repaired ? ' (after repair)' : ''}`;
  return `${done}/${total} ${id} discarded: ${outcome.reason}`;
}

/** A synth run's progress: the bar shows how many were kept and the step under way; a discarded task keeps its reason on screen. */
export class SynthProgress {
  private readonly progress: Progress;
  private done = 0;
  private kept = 0;
  private current: string | null = null;

  constructor(stream: Output, private readonly total: number) {
    this.progress = new Progress(stream, { total, line: (p) => synthProgressLine({ ...p, kept: this.kept, current: this.current }) });
  }

  /** The task and step under way (shown on a terminal only). */
  working(id: string, step: string): void {
    this.current = `${id} ${step}`;
    this.progress.update();
  }

  finished(id: string, outcome: TaskOutcome, ms: number): void {
    this.done++;
    if (outcome.kept) this.kept++;
    this.current = null;
    this.progress.finished(synthFinishedLine(this.done, this.total, id, outcome), ms, !outcome.kept);
  }

  /** A line for the log (a retried HTTP call): above the bar on a terminal. */
  print(text: string): void {
    this.progress.print(text);
  }

  end(): void {
    this.progress.end();
  }
}
