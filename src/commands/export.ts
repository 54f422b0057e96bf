import { type CliIo, skipNotice } from '../io.js';
import { readRecordingOrSay } from './read-recording.js';
import { expandRecordingArgs } from '../adapters/recording-paths.js';
import { chatExample, EXPORT_FORMATS, type ExportFormat, skipReason, verlRecord } from '../domain/export-formats.js';
import { UserError } from '../errors.js';
import { agentMessages, agentTools } from '../roles/model-agent.js';
import { writeOutput } from '../adapters/files.js';
import { rewardFlag } from './reward-flag.js';

export interface ExportFlags {
  format: string | undefined;
  minScore: number | undefined;
  passed: boolean;
  out: string | undefined;
  reward?: string;
  includeUnjudged?: boolean;
}

/**
 * `synthagent export REC… --format chat-jsonl|verl`: chat-jsonl writes one JSON line per recording;
 * verl writes a JSON array, or JSON lines when `--out` ends in `.jsonl`. Skipped recordings are counted
 * on stderr; an unreadable one is one line on stderr and makes the exit code 2, after the rest is written.
 */
export async function exportCommand(args: string[], flags: ExportFlags, io: CliIo): Promise<number> {
  const format = flags.format;
  if (format === undefined) throw new UserError(`export: --format is required (${EXPORT_FORMATS.join(' or ')})`);
  if (!isFormat(format)) throw new UserError(`export: unknown --format "${format}" (${EXPORT_FORMATS.join(' or ')})`);
  const minScore = flags.minScore;
  if (args.length === 0) throw new UserError('export: give one or more recordings (files or folders)');
  const reward = rewardFlag(flags.reward);

  const records: unknown[] = [];
  const skipped = new Map<string, number>();
  let unreadable = 0;
  for (const file of expandRecordingArgs(args, skipNotice(io))) {
    const rec = readRecordingOrSay(file, io);
    if (rec === null) {
      unreadable++;
      continue;
    }
    const why = skipReason(rec, { minScore, passed: flags.passed, reward, includeUnjudged: flags.includeUnjudged === true });
    if (why) {
      skipped.set(why, (skipped.get(why) ?? 0) + 1);
      continue;
    }
    if (format === 'verl') {
      records.push(verlRecord(rec));
      continue;
    }
    const example = chatExample(rec, { messages: agentMessages, tools: agentTools });
    // An example without an assistant turn teaches nothing (and fine-tuning APIs refuse it).
    if (example.messages.some((m) => m.role === 'assistant')) records.push(example);
    else skipped.set('without an agent turn', (skipped.get('without an agent turn') ?? 0) + 1);
  }

  const asLines = format === 'chat-jsonl' || flags.out?.endsWith('.jsonl') === true;
  const text = asLines ? records.map((r) => `${JSON.stringify(r)}\n`).join('') : `${JSON.stringify(records, null, 2)}\n`;
  if (flags.out === undefined) io.stdout.write(text);
  else await writeOutput(flags.out, text);
  const skips = [...skipped].map(([why, n]) => `${n} ${why}`).join(', ');
  io.stderr.write(`exported ${records.length} (${format})${flags.out ? ` to ${flags.out}` : ''}${skips ? `; skipped ${skips}` : ''}${unreadable ? `; ${unreadable} unreadable` : ''}\n`);
  return unreadable > 0 ? 2 : 0;
}

function isFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}
