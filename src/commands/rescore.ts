import { type CliIo, skipNotice } from '../io.js';
import { expandRecordingArgs } from '../adapters/recording-paths.js';
import { readRecording, writeRecording } from '../adapters/recording-file.js';
import { safeLine, UserError } from '../errors.js';
import { painter } from '../render/style.js';
import { rewardsText } from '../domain/rewards.js';
import { passedUnder } from '../domain/score.js';
import { rescoreRecording } from '../session/rescore.js';
import { carryAnnotations } from '../domain/annotations.js';
import { rewardFlag } from './reward-flag.js';
import { type TaskSources, todaysTask } from './replay.js';

/** `synthagent rescore REC… [--write] [--json]`: today's rubric over what was recorded. */
export async function rescoreCommand(args: string[], flags: { write: boolean; json: boolean; reward?: string }, io: CliIo): Promise<number> {
  const reward = rewardFlag(flags.reward);
  const files = expandRecordingArgs(args, skipNotice(io));
  if (files.length === 0) throw new UserError('rescore: give one or more recordings (files or folders)');
  const paint = painter(io.stdout, io.env);
  const rows: unknown[] = [];
  let unreadable = 0;
  const sources: TaskSources = new Map();
  for (const file of files) {
    try {
      const rec = readRecording(file);
      const { task, note } = todaysTask(rec, file, sources);
      const out = await rescoreRecording(rec, task);
      const from = { score: rec.result?.score ?? null, passed: rec.result?.passed ?? null, rewards: rec.result?.rewards ?? null };
      const to = { score: out.result.score, passed: out.result.passed, sections: out.result.sections, rewards: out.result.rewards };
      if (flags.write) {
        const entry = { at: new Date().toISOString(), from: { score: from.score, passed: from.passed }, to: { score: to.score, passed: to.passed }, changes: out.changes };
        writeRecording(file, { ...rec, task: { ...rec.task, rubric: task.rubric, user: task.user }, events: out.events, result: out.result, rescored: [...(rec.rescored ?? []), entry], annotations: carryAnnotations(rec.annotations, rec.events, out.events) });
      }
      rows.push({ file, from, to, changes: out.changes, written: flags.write, note });
      if (!flags.json) {
        const old = from.rewards === null ? '—' : from.rewards[reward].toFixed(2);
        const moved = from.score !== to.score || from.passed !== to.passed || from.rewards?.released !== to.rewards.released;
        const passed = passedUnder(out.result, reward);
        const line = `${file}: ${reward} ${old} → ${to.rewards[reward].toFixed(2)} ${passed ? 'passed' : 'failed'}  (${rewardsText(out.result, reward)})${out.changes.length ? `  (${out.changes.join(' ')})` : ''}${flags.write ? '  [written]' : ''}`;
        io.stdout.write(`${moved ? paint('yellow', line) : line}\n`);
        if (note) io.stdout.write(paint('gray', `    note: ${note}\n`));
      }
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      unreadable++;
      rows.push({ file, error: err.message });
      if (!flags.json) io.stderr.write(`synthagent: ${safeLine(err.message)}\n`);
    }
  }
  if (flags.json) io.stdout.write(`${JSON.stringify({ recordings: rows })}\n`);
  return unreadable > 0 ? 2 : 0;
}
