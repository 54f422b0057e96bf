import type { EndReason } from './events.js';
import { mean, meanCurve, passHatCurve } from './pass-hat-k.js';

/** One finished (task, trial) session of a batch. */
export interface TrialResult {
  trial: number;
  /** The headline reward (`--reward`), and whether the trial passed under it. */
  score: number;
  passed: boolean;
  /** The other profile's reward, shown beside the headline. */
  other: number;
  /** Rubric items left unjudged: the reward of such a trial is not trustworthy. */
  unjudged: number;
  end: EndReason;
  /** The recording file, or null when it could not be saved. */
  recording: string | null;
  /** Simulator-audit findings of the session by kind (SPEC §6), only the kinds found. */
  findings?: Record<string, number>;
}

/** What the simulator audit found over some sessions: how many had any finding, and counts by kind. */
export interface AuditTally {
  flagged: number;
  counts: Record<string, number>;
}

/** One task's trials, its mean score and pass^1..pass^K (null where fewer than k trials finished). */
export interface TaskSummary {
  task: string;
  trials: TrialResult[];
  mean: number | null;
  /** Mean of the other profile's reward. */
  otherMean: number | null;
  passes: number;
  /** Unjudged items over all its trials. */
  unjudged: number;
  passHatK: Record<string, number | null>;
  audit: AuditTally;
}

/** A batch: per task, then the mean score and pass^k averaged over the tasks that have a value. */
export interface BatchSummary {
  tasks: TaskSummary[];
  mean: number | null;
  otherMean: number | null;
  /** Trials with unjudged items. */
  unjudgedTrials: number;
  passHatK: Record<string, number | null>;
  /** The simulator audit over every finished session. */
  audit: AuditTally;
}

function tally(trials: readonly TrialResult[]): AuditTally {
  const counts: Record<string, number> = {};
  for (const t of trials) for (const [kind, n] of Object.entries(t.findings ?? {})) counts[kind] = (counts[kind] ?? 0) + n;
  return { flagged: trials.filter((t) => Object.values(t.findings ?? {}).some((n) => n > 0)).length, counts };
}

/** Summarizes finished trials; `maxK` is the number of trials asked for per task. */
export function summarizeBatch(tasks: readonly { task: string; trials: readonly TrialResult[] }[], maxK: number): BatchSummary {
  const summaries = tasks.map(({ task, trials }): TaskSummary => {
    const sorted = [...trials].sort((a, b) => a.trial - b.trial);
    const passes = sorted.filter((t) => t.passed).length;
    const unjudged = sorted.reduce((n, t) => n + t.unjudged, 0);
    return { task, trials: sorted, mean: mean(sorted.map((t) => t.score)), otherMean: mean(sorted.map((t) => t.other)), passes, unjudged, passHatK: passHatCurve(sorted.length, passes, maxK), audit: tally(sorted) };
  });
  return {
    tasks: summaries,
    mean: mean(summaries.map((s) => s.mean)),
    otherMean: mean(summaries.map((s) => s.otherMean)),
    unjudgedTrials: summaries.reduce((n, s) => n + s.trials.filter((t) => t.unjudged > 0).length, 0),
    passHatK: meanCurve(summaries.map((s) => s.passHatK), maxK),
    audit: tally(summaries.flatMap((s) => s.trials)),
  };
}
