import type { EndReason } from './events.js';
import { mean, meanCurve, passHatCurve } from './pass-hat-k.js';

/** One finished (task, trial) session of a batch. */
export interface TrialResult {
  trial: number;
  score: number;
  passed: boolean;
  end: EndReason;
  /** The recording file, or null when it could not be saved. */
  recording: string | null;
}

/** One task's trials, its mean score and pass^1..pass^K (null where fewer than k trials finished). */
export interface TaskSummary {
  task: string;
  trials: TrialResult[];
  mean: number | null;
  passes: number;
  passHatK: Record<string, number | null>;
}

/** A batch: per task, then the mean score and pass^k averaged over the tasks that have a value. */
export interface BatchSummary {
  tasks: TaskSummary[];
  mean: number | null;
  passHatK: Record<string, number | null>;
}

/** Summarizes finished trials; `maxK` is the number of trials asked for per task. */
export function summarizeBatch(tasks: readonly { task: string; trials: readonly TrialResult[] }[], maxK: number): BatchSummary {
  const summaries = tasks.map(({ task, trials }): TaskSummary => {
    const sorted = [...trials].sort((a, b) => a.trial - b.trial);
    const passes = sorted.filter((t) => t.passed).length;
    return { task, trials: sorted, mean: mean(sorted.map((t) => t.score)), passes, passHatK: passHatCurve(sorted.length, passes, maxK) };
  });
  return {
    tasks: summaries,
    mean: mean(summaries.map((s) => s.mean)),
    passHatK: meanCurve(summaries.map((s) => s.passHatK), maxK),
  };
}
