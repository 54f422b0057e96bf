import { expandRecordingArgs } from '../adapters/recording-paths.js';
import { readRecording } from '../adapters/recording-file.js';
import { auditRecording, countByKind, countsLine } from '../domain/audit.js';
import { AUDIT_KIND_NAMES, type Finding, isAuditKind } from '../domain/audit-kinds.js';
import { ToolAnswers } from '../domain/audit-tool.js';
import { safeLine, UserError } from '../errors.js';
import { type CliIo, skipNotice } from '../io.js';
import { painter } from '../render/style.js';

export interface AuditFlags {
  json: boolean;
  /** `--fail-on KIND,…` as given. */
  failOn?: string;
}

interface Audited {
  file: string;
  task: string;
  user: string;
  findings: Finding[];
}

/** `--fail-on invented_value,unasked_reveal`: the kinds, each one SPEC §6 names. */
export function parseFailOn(text: string | undefined): Set<string> {
  if (text === undefined) return new Set();
  const kinds = text.split(',').map((k) => k.trim()).filter(Boolean);
  if (kinds.length === 0) throw new UserError('audit: --fail-on needs one or more kinds, comma-separated');
  const bad = kinds.find((k) => !isAuditKind(k));
  if (bad) throw new UserError(`audit: --fail-on ${bad}: not a finding kind (kinds: ${AUDIT_KIND_NAMES.join(', ')})`);
  return new Set(kinds);
}

/**
 * `synthagent audit PATH… [--json] [--fail-on KIND,…]` (SPEC §6): simulator faults in recordings.
 * Recordings of one task version given together are compared for `inconsistent_result`. Exit 2 when a
 * recording could not be read (after reporting the rest), else 1 when a `--fail-on` kind was found.
 */
export function auditCommand(args: string[], flags: AuditFlags, io: CliIo): number {
  const failOn = parseFailOn(flags.failOn);
  const files = expandRecordingArgs(args, skipNotice(io));
  if (files.length === 0) throw new UserError('audit: give one or more recordings (files or folders)');
  const ledger = new ToolAnswers();
  const audited: Audited[] = [];
  let unreadable = 0;
  for (const file of files) {
    try {
      const rec = readRecording(file);
      audited.push({ file, task: rec.task.id, user: rec.roles.user.kind, findings: auditRecording(rec, { ledger, label: file }) });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      unreadable++;
      io.stderr.write(`synthagent: ${safeLine(err.message)}\n`);
    }
  }
  const all = audited.flatMap((a) => a.findings);
  const counts = countByKind(all);
  if (flags.json) {
    const recordings = audited.map(({ file, task, findings }) => ({ file, task, findings: findings.map(({ seq, side, kind, detail }) => ({ seq, side, kind, detail })) }));
    io.stdout.write(`${JSON.stringify({ recordings, counts })}\n`);
  } else io.stdout.write(`${textReport(audited, counts, unreadable, painter(io.stdout, io.env)).join('\n')}\n`);
  if (unreadable > 0) return 2;
  return all.some((f) => failOn.has(f.kind)) ? 1 : 0;
}

function textReport(audited: Audited[], counts: Record<string, number>, unreadable: number, paint: ReturnType<typeof painter>): string[] {
  const lines: string[] = [];
  for (const a of audited) {
    if (a.findings.length === 0) continue;
    lines.push(paint('bold', `${a.file}  ${a.task}  (user ${a.user})  ${plural(a.findings.length, 'finding')}`));
    for (const f of a.findings) lines.push(`  ${paint('yellow', '⚠')} seq ${f.seq}  ${f.side}  ${paint('yellow', f.kind)}: ${safeLine(f.detail)}`);
  }
  const flagged = audited.filter((a) => a.findings.length > 0).length;
  if (lines.length > 0) lines.push('');
  lines.push(`${paint('bold', 'counts:')} ${countsLine(counts)}`);
  const tasks = new Map<string, Audited[]>();
  for (const a of audited) tasks.set(a.task, [...(tasks.get(a.task) ?? []), a]);
  if (flagged > 0) {
    lines.push(paint('bold', 'per task:'));
    const width = Math.max(...[...tasks.keys()].map((t) => t.length));
    for (const [task, list] of [...tasks].sort((x, y) => x[0].localeCompare(y[0]))) {
      const hit = list.filter((a) => a.findings.length > 0).length;
      lines.push(`  ${task.padEnd(width)}  ${hit} of ${plural(list.length, 'session')} flagged  ${countsLine(countByKind(list.flatMap((a) => a.findings)))}`);
    }
  }
  const share = audited.length === 0 ? 0 : (100 * flagged) / audited.length;
  const summary = `sessions with any finding: ${flagged} of ${audited.length} (${share.toFixed(1)}%)${unreadable ? `; ${unreadable} unreadable` : ''}`;
  lines.push(flagged > 0 || unreadable > 0 ? paint('yellow', summary) : paint('green', summary));
  return lines;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
