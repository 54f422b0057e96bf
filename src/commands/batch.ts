import { type CliIo, interruptedExitCode, NEVER, skipNotice } from '../io.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelFlags } from '../adapters/model-config.js';
import { modelKit } from '../adapters/model-kit.js';
import { RunCaches } from '../adapters/run-caches.js';
import { lockFolder, makeDirs } from '../adapters/files.js';
import { readRecording } from '../adapters/recording-file.js';
import { RecordingStore } from '../adapters/recording-store.js';
import { resolveTaskGlob } from '../adapters/task-glob.js';
import { displayPath, type LoadedTask } from '../adapters/task-files.js';
import { type Audited, auditRecording, foundKinds } from '../domain/audit.js';
import { ToolAnswers } from '../domain/audit-tool.js';
import { summarizeBatch, type TrialResult } from '../domain/batch-summary.js';
import type { Recording, RoleInfo, SessionResult } from '../domain/recording.js';
import { headline, otherProfile, type RewardProfile } from '../domain/rewards.js';
import { passedUnder } from '../domain/score.js';
import { rewardFlag } from './reward-flag.js';
import { errorMessage, SystemError, UserError } from '../errors.js';
import { batchProgress, summaryTable } from '../render/batch-report.js';
import { painter } from '../render/style.js';
import { parseRoleSpec } from '../roles/role-spec.js';
import { assembleSession, type SessionDeps, type SessionPlan } from '../session/start.js';

export interface BatchFlags {
  tasks: string;
  trials?: number;
  concurrency?: number;
  out?: string;
  agent: string;
  user: string;
  json: boolean;
  recordingsDir: string;
  models: ModelFlags;
  /** The command line as typed (without `synthagent`), for the resume hint. */
  commandLine: readonly string[];
  /** `--reward`: the reward of means and pass^k. */
  reward?: string;
}

interface Job {
  loaded: LoadedTask;
  trial: number;
  file: string;
}

/**
 * `synthagent run --tasks GLOB`: every matching task × `--trials`, `--concurrency` sessions at a time,
 * each saved as `<out>/<task>.t<trial>.json`. A rerun with the same `--out` keeps the complete
 * recordings it finds and runs the rest. Ctrl+C aborts the running sessions and prints what finished.
 */
export async function batchCommand(flags: BatchFlags, io: CliIo): Promise<number> {
  const trials = flags.trials ?? 1;
  const reward = rewardFlag(flags.reward);
  const concurrency = flags.concurrency ?? 1;
  const tasks = resolveTaskGlob(flags.tasks, skipNotice(io));
  const models = modelKit(flags.models);
  const unsolved = flags.agent === 'reference' ? tasks.filter((l) => !l.task.reference) : [];
  if (unsolved.length > 0) {
    throw new UserError(
      `--agent reference: ${unsolved.length} of ${tasks.length} tasks have no reference solution (first: ${displayPath(unsolved[0]!.file)}); play them with --agent model or script:FILE`,
    );
  }
  // Each task's roles are built once before any session starts, so a bad role or a missing reference is
  // exit 2, not a half-run batch. Each session gets fresh roles (they hold the session's state); the
  // caches (tool simulator, judge) are the run's, one object per file, so concurrent sessions share them.
  const agentSpec = parseRoleSpec('agent', flags.agent);
  const userSpec = parseRoleSpec('user', flags.user);
  const plan = (loaded: LoadedTask): SessionPlan => ({ loaded, agent: agentSpec, user: userSpec });
  const probe: SessionDeps = { models, caches: new RunCaches() };
  const perTask = new Map(
    tasks.map((l) => {
      const s = assembleSession(plan(l), probe);
      return [l.task.id, { info: { agent: s.agent.info, user: s.user.info } }] as const;
    }),
  );
  const out = flags.out ?? join(flags.recordingsDir, `batch-${stamp(new Date())}`);
  try {
    makeDirs(out);
  } catch (err) {
    throw new UserError(`--out ${out}: cannot create the folder: ${errorMessage(err)} (nothing was run)`);
  }
  // Two batches on one folder would overwrite each other's recordings.
  const lock = lockFolder(out, `--out ${out}`);
  try {
    const deps: SessionDeps = { models, caches: probe.caches, store: new RecordingStore(out) };

    // Trial-major order, so an interrupted batch has seen every task as early as possible.
    const jobs: Job[] = [];
    for (let trial = 1; trial <= trials; trial++) for (const loaded of tasks) jobs.push({ loaded, trial, file: join(out, `${loaded.task.id}.t${trial}.json`) });

    const results = new Map<string, TrialResult[]>(tasks.map((l) => [l.task.id, []]));
    // The batch's sessions are audited together, so a tool answering one call two ways across trials is caught.
    const ledger = new ToolAnswers();
    const audit = (rec: Audited, file: string): Record<string, number> => foundKinds(auditRecording(rec, { ledger, label: displayPath(file) }));
    const pending: Job[] = [];
    const previousIds = new Map<Job, string>();
    for (const job of jobs) {
      const kept = keptResult(job, perTask.get(job.loaded.task.id)!.info, previousIds, reward, audit);
      if (kept) results.get(job.loaded.task.id)!.push(kept);
      else pending.push(job);
    }
    const reused = jobs.length - pending.length;
    const { progress, finished } = batchProgress(io.stderr, jobs.length, concurrency, reused, [...results.values()].flat().map((t) => t.score));
    progress.start(reused > 0 ? `resuming ${displayPath(out)}: ${reused} of ${jobs.length} sessions already done` : null);

    const running = new Set<AbortController>();
    let failure: unknown = null;
    const saveErrors: string[] = [];
    // Ctrl+C / SIGTERM abort the running sessions (saved incomplete); no new one starts.
    const stop = io.interrupt?.watch() ?? NEVER;
    const onSignal = (): void => {
      for (const c of running) c.abort();
    };
    stop.addEventListener('abort', onSignal, { once: true });

    const runJob = async (job: Job): Promise<void> => {
      const { task } = job.loaded;
      const session = assembleSession({ ...plan(job.loaded), record: { file: job.file }, id: previousIds.get(job) }, deps);
      const controller = new AbortController();
      running.add(controller);
      const started = Date.now();
      try {
        const { result, saveError, log } = await session.run({ signal: controller.signal });
        if (saveError) saveErrors.push(saveError);
        if (result.end === 'aborted') return;
        const trial = { ...trialResult(job.trial, result, reward, saveError ? null : displayPath(job.file)), findings: audit({ task, events: log.events }, job.file) };
        results.get(task.id)!.push(trial);
        finished(task.id, trial, Date.now() - started);
      } finally {
        running.delete(controller);
      }
    };

    let next = 0;
    const worker = async (): Promise<void> => {
      while (!stop.aborted && failure === null && next < pending.length) {
        const job = pending[next++]!;
        try {
          await runJob(job);
        } catch (err) {
          // Not a session failure (those end the session with `end: error`): stop the batch cleanly, then report it.
          failure ??= err;
          for (const c of running) c.abort();
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
    } finally {
      stop.removeEventListener('abort', onSignal);
      progress.end();
    }
    if (failure !== null) throw failure instanceof Error ? failure : new SystemError(errorMessage(failure));

    const summary = summarizeBatch(tasks.map((l) => ({ task: l.task.id, trials: results.get(l.task.id)! })), trials);
    const done = [...results.values()].reduce((n, r) => n + r.length, 0);
    if (flags.json) {
      io.stdout.write(`${JSON.stringify({ ...summary, reward, out: displayPath(out), complete: done === jobs.length })}\n`);
    } else {
      const paint = painter(io.stdout, io.env);
      const lines = [...summaryTable(summary, trials, paint, reward), paint('gray', `${done}/${jobs.length} sessions; recordings: ${displayPath(out)}`)];
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    for (const e of saveErrors) io.stderr.write(`synthagent: ${e}\n`);
    if (stop.aborted) {
      io.stderr.write(`interrupted: ${done} of ${jobs.length} sessions done; resume with: ${resumeCommand(flags.commandLine, flags.out === undefined ? out : null)}\n`);
      return interruptedExitCode(stop);
    }
    return saveErrors.length > 0 ? 1 : 0;
  } finally {
    lock.release();
  }
}

/**
 * The result of a job whose recording is already complete (resume), or null when it must run. The id
 * of a recording that will be overwritten is kept, so the store's index keeps one entry per file.
 */
function keptResult(
  job: Job,
  roles: { agent: RoleInfo; user: RoleInfo },
  previousIds: Map<Job, string>,
  reward: RewardProfile,
  audit: (rec: Audited, file: string) => Record<string, number>,
): TrialResult | null {
  if (!existsSync(job.file)) return null;
  let rec: Recording;
  try {
    rec = readRecording(job.file);
  } catch (err) {
    // Running it again would overwrite a session that may have finished (the probe found finished
    // sessions refused on read, then re-run): say so and leave the file to the user.
    if (err instanceof UserError) throw new UserError(`${err.message} (resuming would overwrite it: move it away to run that session again)`);
    throw err;
  }
  previousIds.set(job, rec.id);
  if (!rec.complete || rec.result === null) return null;
  const same = (a: RoleInfo, b: RoleInfo): boolean => a.kind === b.kind && a.model === b.model && a.script === b.script;
  if (rec.task.id !== job.loaded.task.id || !same(rec.roles.agent, roles.agent) || !same(rec.roles.user, roles.user)) {
    throw new UserError(`${displayPath(job.file)}: recorded with other roles or another task; resume with the same flags or pick another --out`);
  }
  return { ...trialResult(job.trial, rec.result, reward, displayPath(job.file)), findings: audit(rec, job.file) };
}

/** A trial's row: the headline reward and passing under `--reward`, the other reward beside it. */
function trialResult(trial: number, result: SessionResult, reward: RewardProfile, recording: string | null): TrialResult {
  return {
    trial,
    score: headline(result, reward),
    passed: passedUnder(result, reward),
    other: headline(result, otherProfile(reward)),
    unjudged: result.unjudged.length,
    end: result.end,
    recording,
  };
}

/** UTC, e.g. `20261127-120501`. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** The command line that resumes this batch: the same one, with `--out` added when it was a default. */
function resumeCommand(commandLine: readonly string[], defaultOut: string | null): string {
  const args = [...commandLine];
  if (defaultOut !== null) args.push('--out', defaultOut);
  return ['synthagent', ...args].map(shellQuote).join(' ');
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
