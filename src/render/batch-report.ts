import { countsLine } from '../domain/audit.js';
import type { Output } from '../io.js';
import type { BatchSummary, TrialResult } from '../domain/batch-summary.js';
import { otherProfile, type RewardProfile } from '../domain/rewards.js';
import { cell, painter } from './style.js';

type Paint = ReturnType<typeof painter>;

/** `45s`, `1m05s`, `2h03m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Time left: the mean duration of the sessions finished so far × those left ÷ the sessions run at once. */
export function estimateMs(durations: readonly number[], remaining: number, concurrency: number): number | null {
  if (durations.length === 0 || remaining <= 0) return remaining <= 0 ? 0 : null;
  const each = durations.reduce((a, b) => a + b, 0) / durations.length;
  return (each * remaining) / Math.max(1, Math.min(concurrency, remaining));
}

const num = (x: number | null): string => (x === null ? '-' : x.toFixed(2));

/** The in-place progress line: `[#####.....] 12/40  30%  ETA 1m05s  mean 0.62`. */
export function progressLine(p: { done: number; total: number; etaMs: number | null; mean: number | null; width?: number }): string {
  const width = p.width ?? 20;
  const frac = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(frac * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const eta = p.etaMs === null ? '--' : formatDuration(p.etaMs);
  return `${bar} ${p.done}/${p.total}  ${Math.floor(frac * 100)}%  ETA ${eta}  mean ${num(p.mean)}`;
}

/** One line per finished session, for logs: `12/40 travel-rebook t2 score 1.00 passed`. */
export function finishedLine(done: number, total: number, task: string, t: TrialResult): string {
  const ended = t.end === 'agent_finished' || t.end === 'user_stopped' ? '' : ` (${t.end})`;
  return `${done}/${total} ${task} t${t.trial} score ${t.score.toFixed(2)} ${t.passed ? 'passed' : 'failed'}${t.unjudged ? ` (${t.unjudged} unjudged)` : ''}${ended}`;
}

/** The summary table: one row per task, then the overall mean and pass^k. */
/**
 * The summary table: one row per task, then the overall mean and pass^k. `mean` and pass^k are of the
 * headline reward (`--reward`); the other profile's mean and the unjudged items stand beside them.
 */
export function summaryTable(summary: BatchSummary, trials: number, paint: Paint, profile: RewardProfile = 'paper'): string[] {
  const ks = Array.from({ length: trials }, (_, i) => String(i + 1));
  const w = Math.max(7, ...summary.tasks.map((t) => t.task.length));
  const col = (s: string, n = 8): string => s.padStart(n);
  const other = otherProfile(profile);
  const header = `${cell('task', w)}  ${col('trials')}  ${col(profile)}  ${col(other)}  ${col('unjudged')}  ${col('passes')}${ks.map((k) => `  ${col(`pass^${k}`)}`).join('')}  ${col('flagged')}  simulator audit`;
  const rows = summary.tasks.map(
    (t) =>
      `${cell(t.task, w)}  ${col(`${t.trials.length}/${trials}`)}  ${col(num(t.mean))}  ${col(num(t.otherMean))}  ${col(t.trials.length === 0 ? '-' : String(t.unjudged))}  ${col(t.trials.length === 0 ? '-' : String(t.passes))}${ks.map((k) => `  ${col(num(t.passHatK[k] ?? null))}`).join('')}  ${col(t.trials.length === 0 ? '-' : String(t.audit.flagged))}  ${auditCell(t.audit.counts, paint)}`,
  );
  const overall = `${cell('overall', w)}  ${col('')}  ${col(num(summary.mean))}  ${col(num(summary.otherMean))}  ${col('')}  ${col('')}${ks.map((k) => `  ${col(num(summary.passHatK[k] ?? null))}`).join('')}  ${col(String(summary.audit.flagged))}  ${auditCell(summary.audit.counts, paint)}`;
  const warn = summary.unjudgedTrials > 0 ? [paint('yellow', `${summary.unjudgedTrials} session${summary.unjudgedTrials === 1 ? '' : 's'} with unjudged items (no judge model?): their rewards leave those items out`)] : [];
  return [paint('bold', header), ...rows, paint('bold', overall), ...warn];
}

/** A row's audit counts, e.g. "⚠ invented_value 2, unasked_reveal 1" (see synthagent audit), or "—". */
function auditCell(counts: Record<string, number>, paint: Paint): string {
  const line = countsLine(counts);
  return line === 'none' ? '—' : paint('yellow', `⚠ ${line}`);
}

/** Draws progress on stderr: a bar redrawn in place on a terminal, otherwise one line per finished session. */
export class BatchProgress {
  private readonly durations: number[] = [];
  private readonly scores: number[];
  private drawn = false;

  constructor(
    private readonly stream: Output,
    private readonly total: number,
    private readonly concurrency: number,
    private done: number,
    scores: readonly number[],
  ) {
    this.scores = [...scores];
  }

  private get tty(): boolean {
    return Boolean(this.stream.isTTY);
  }

  start(note: string | null): void {
    if (note) this.stream.write(`${note}\n`);
    if (this.tty) this.draw();
  }

  finished(task: string, t: TrialResult, ms: number): void {
    this.done++;
    this.durations.push(ms);
    this.scores.push(t.score);
    if (this.tty) this.draw();
    else this.stream.write(`${finishedLine(this.done, this.total, task, t)}\n`);
  }

  /** Ends the bar's line so what follows starts on a fresh one. */
  end(): void {
    if (this.tty && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private draw(): void {
    const meanScore = this.scores.length === 0 ? null : this.scores.reduce((a, b) => a + b, 0) / this.scores.length;
    const line = progressLine({ done: this.done, total: this.total, etaMs: estimateMs(this.durations, this.total - this.done, this.concurrency), mean: meanScore });
    const columns = this.stream.columns || 80;
    this.stream.write(`\r\x1b[2K${line.length >= columns ? line.slice(0, columns - 1) : line}`);
    this.drawn = true;
  }
}
