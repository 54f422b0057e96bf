import { countsLine } from '../domain/audit.js';
import type { Output } from '../io.js';
import type { BatchSummary, TrialResult } from '../domain/batch-summary.js';
import { otherProfile, type RewardProfile } from '../domain/rewards.js';
import { barLine, Progress } from './progress.js';
import { cell, painter } from './style.js';

type Paint = ReturnType<typeof painter>;

export { estimateMs, formatDuration } from './progress.js';

const num = (x: number | null): string => (x === null ? '-' : x.toFixed(2));

/** The in-place progress line: `[#####.....] 12/40  30%  ETA 1m05s  mean 0.62`. */
export function progressLine(p: { done: number; total: number; etaMs: number | null; mean: number | null; width?: number }): string {
  return barLine({ ...p, tail: `mean ${num(p.mean)}` });
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

/** A batch's progress: the bar shows the mean score so far; a log line per finished session. */
export function batchProgress(stream: Output, total: number, concurrency: number, done: number, scores: readonly number[]): { progress: Progress; finished: (task: string, t: TrialResult, ms: number) => void } {
  const seen = [...scores];
  const progress = new Progress(stream, { total, done, concurrency, line: (p) => progressLine({ ...p, mean: seen.length === 0 ? null : seen.reduce((a, b) => a + b, 0) / seen.length }) });
  let finished = done;
  return {
    progress,
    finished: (task, t, ms) => {
      seen.push(t.score);
      progress.finished(finishedLine(++finished, total, task, t), ms);
    },
  };
}
