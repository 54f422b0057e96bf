import type { CliIo } from '../io.js';
import { recordingHeader } from '../adapters/recording-header.js';
import { newRecordingId } from '../adapters/ids.js';
import { RecordingStore } from '../adapters/recording-store.js';
import { displayPath, type LoadedTask, resolveTask } from '../adapters/task-files.js';
import { forkPoint } from '../adapters/fork.js';
import { SystemError, UserError } from '../errors.js';
import type { ModelFlags } from '../adapters/model-config.js';
import { modelKit, sessionRoles } from './model-kit.js';
import { rewardFlag } from './reward-flag.js';
import { painter } from '../render/style.js';
import { eventLine, rubricTable } from '../render/transcript-text.js';
import { Recorder } from '../session/recorder.js';
import { runSession } from '../session/run-session.js';

export interface RunFlags {
  task?: string;
  from?: string;
  at?: string;
  agent: string;
  user: string;
  json: boolean;
  record?: string;
  noRecord: boolean;
  recordingsDir: string;
  models: ModelFlags;
  /** `--reward`: the headline reward of the text output. */
  reward?: string;
}

/** `synthagent run`: one headless session, a transcript and a rubric table (or one JSON object). */
export async function runCommand(flags: RunFlags, io: CliIo): Promise<number> {
  if (flags.at !== undefined && !flags.from) throw new UserError('run: --at needs --from REC');
  const reward = rewardFlag(flags.reward);
  const fork = flags.from ? forkPoint(flags.from, flags.at) : null;
  let loaded: LoadedTask;
  if (fork) loaded = { task: fork.rec.task, file: fork.file, source: fork.rec.taskSource ?? { file: fork.file } };
  else if (flags.task) loaded = resolveTask(flags.task);
  else throw new UserError('run: --task is required (a task file or a bundled task id), or --from REC to fork');
  const { agent, user, simulate, judge } = sessionRoles(flags.agent, flags.user, loaded.task, loaded.file, modelKit(flags.models), fork?.prefix);

  const id = newRecordingId(loaded.task.id);
  const store = flags.record ? null : new RecordingStore(flags.recordingsDir);
  const file = flags.noRecord ? null : (flags.record ?? store!.fileFor(id));
  const recorder = file
    ? new Recorder(file, recordingHeader({ id, loaded, file, fork, roles: { agent: agent.info, user: user.info } }), store)
    : null;

  const paint = painter(io.stdout, io.env);
  let notStarted = false;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const { log, result } = await runSession({
    task: loaded.task,
    agent,
    user,
    signal: controller.signal,
    simulate,
    judge,
    prefix: fork?.prefix,
    onStart: (l) => {
      recorder?.attach(l);
      // A recording that cannot even be created (a bad --record path): stop before anything runs.
      if (recorder?.error) {
        notStarted = true;
        return controller.abort();
      }
      if (flags.json) return;
      // Text mode prints each event as it happens: a model session can take minutes.
      io.stdout.write(`${paint('bold', `${loaded.task.title}  (${loaded.task.id}, ${loaded.task.domain})`)}\n`);
      if (fork) io.stdout.write(`${paint('gray', `forked from ${displayPath(fork.file)} at seq ${fork.at}`)}\n`);
      l.subscribe((e) => void io.stdout.write(`${eventLine(e, paint)}\n`));
    },
  }).finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
  if (notStarted) throw new UserError(`${recorder?.error ?? 'recording not saved'} (nothing was run; --no-record runs without saving)`);
  const saveError = recorder?.close(result, result.end !== 'aborted') ?? null;

  const recording = file && !saveError ? displayPath(file) : null;
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
  return result.end === 'aborted' ? 130 : 0;
}
