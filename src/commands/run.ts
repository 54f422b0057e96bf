import { type CliIo, interruptedExitCode, NEVER } from '../io.js';
import { modelKit } from '../adapters/model-kit.js';
import { RecordingStore } from '../adapters/recording-store.js';
import { RunCaches } from '../adapters/run-caches.js';
import { displayPath, type LoadedTask, resolveTask } from '../adapters/task-files.js';
import { forkPoint } from '../adapters/fork.js';
import { SystemError, UserError } from '../errors.js';
import type { ModelFlags } from '../adapters/model-config.js';
import { rewardFlag } from './reward-flag.js';
import { type Detail, FULL, painter } from '../render/style.js';
import { eventLine, rubricTable } from '../render/transcript-text.js';
import { parseRoleSpec } from '../roles/role-spec.js';
import { assembleSession } from '../session/start.js';

export interface RunFlags {
  task?: string;
  from?: string;
  at?: string;
  agent: string;
  user: string;
  json: boolean;
  record?: string;
  noRecord: boolean;
  /** Cut long tool arguments and results (today's one-line view); by default they print whole. */
  brief?: boolean;
  recordingsDir: string;
  models: ModelFlags;
  /** `--reward`: the headline reward of the text output. */
  reward?: string;
}

/** `synthagent run`: one headless session, a transcript and a rubric table (or one JSON object). */
export async function runCommand(flags: RunFlags, io: CliIo): Promise<number> {
  if (flags.at !== undefined && !flags.from) throw new UserError('run: --at needs --from REC');
  const reward = rewardFlag(flags.reward);
  const fork = flags.from ? forkPoint(flags.from, flags.at, undefined, 'run') : null;
  let loaded: LoadedTask;
  if (fork) loaded = { task: fork.rec.task, file: fork.file, source: fork.rec.taskSource ?? { file: fork.file } };
  else if (flags.task) loaded = resolveTask(flags.task);
  else throw new UserError('run: --task is required (a task file or a bundled task id), or --from REC to fork');
  const models = modelKit(flags.models);
  const store = flags.record ? null : new RecordingStore(flags.recordingsDir);
  const session = assembleSession(
    {
      loaded,
      agent: parseRoleSpec('agent', flags.agent),
      user: parseRoleSpec('user', flags.user),
      fork,
      record: flags.noRecord ? null : flags.record ? { file: flags.record } : 'store',
    },
    { models, caches: new RunCaches(), store },
  );

  const paint = painter(io.stdout, io.env);
  // Ctrl+C / SIGTERM end the session (`end: aborted`), which is saved incomplete.
  const signal = io.interrupt?.watch() ?? NEVER;
  const { log, result, saveError, notStarted } = await session
    .run({
      signal,
      needsRecording: true,
      onStart: (l) => {
        if (flags.json) return;
        // Text mode prints each event as it happens: a model session can take minutes.
        io.stdout.write(`${paint('bold', `${loaded.task.title}  (${loaded.task.id}, ${loaded.task.domain})`)}\n`);
        if (fork) io.stdout.write(`${paint('gray', `forked from ${displayPath(fork.file)} at seq ${fork.at}`)}\n`);
        const detail: Detail = flags.brief ? { brief: true, how: session.file ? `synthagent show ${displayPath(session.file)}` : 'run without --brief' } : FULL;
        l.subscribe((e) => void io.stdout.write(`${eventLine(e, paint, detail)}\n`));
      },
    });
  if (notStarted) throw new UserError(`${notStarted} (nothing was run; --no-record runs without saving)`);

  const recording = session.file && !saveError ? displayPath(session.file) : null;
  if (flags.json) {
    const out = {
      task: loaded.task.id,
      score: result.score,
      passed: result.passed,
      end: result.end,
      turns: log.state.agentTurns,
      toolCalls: log.state.toolCalls,
      hits: result.hits,
      recording,
      sections: result.sections,
      rewards: result.rewards,
      unjudged: result.unjudged,
      reward,
    };
    io.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    const lines = ['', ...rubricTable(log.state, paint, reward)];
    if (recording) lines.push(paint('gray', `recording: ${recording}`));
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  if (saveError) throw new SystemError(saveError);
  return result.end === 'aborted' ? interruptedExitCode(signal) : 0;
}
