import { join } from 'node:path';
import { newRecordingId } from '../adapters/ids.js';
import { displayPath, resolveTask } from '../adapters/task-files.js';
import { headlessAgent, headlessUser, parseRoleSpec } from '../roles/role-spec.js';
import { Recorder } from '../session/recorder.js';
import { runSession } from '../session/run-session.js';
import { painter } from '../render/style.js';
import { rubricTable, transcriptLines } from '../render/transcript-text.js';
import { SystemError } from '../errors.js';

export interface RunFlags {
  task: string;
  agent: string;
  user: string;
  json: boolean;
  record?: string;
  noRecord: boolean;
  recordingsDir: string;
}

/** `synthagent run`: one headless session, a transcript and a rubric table (or one JSON object). */
export async function runCommand(flags: RunFlags): Promise<number> {
  const loaded = resolveTask(flags.task);
  const agentSpec = parseRoleSpec('agent', flags.agent);
  const userSpec = parseRoleSpec('user', flags.user);
  const agent = headlessAgent(agentSpec, loaded.task, loaded.file);
  const user = headlessUser(userSpec);

  const id = newRecordingId(loaded.task.id);
  const file = flags.noRecord ? null : (flags.record ?? join(flags.recordingsDir, `${id}.json`));
  const recorder = file
    ? new Recorder(file, {
        id,
        createdAt: new Date().toISOString(),
        task: loaded.task,
        taskSource: loaded.source,
        roles: { agent: agent.info, user: user.info },
      })
    : null;

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const { log, result } = await runSession({
    task: loaded.task,
    agent,
    user,
    signal: controller.signal,
    onStart: (l) => recorder?.attach(l),
  }).finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
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
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    const paint = painter();
    const lines = [
      paint('bold', `${loaded.task.title}  (${loaded.task.id}, ${loaded.task.domain})`),
      ...transcriptLines(log.events, paint),
      '',
      ...rubricTable(log.state, paint),
    ];
    if (recording) lines.push(paint('gray', `recording: ${recording}`));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (saveError) throw new SystemError(saveError);
  return result.end === 'aborted' ? 130 : 0;
}
