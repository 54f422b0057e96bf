import { expandRecordingArgs } from '../adapters/recording-paths.js';
import { readRecordingOrSay } from './read-recording.js';
import { auditRecording, countByKind, countsLine } from '../domain/audit.js';
import { AUDIT_KIND_NAMES, type Finding, isAuditKind } from '../domain/audit-kinds.js';
import { ToolAnswers } from '../domain/audit-tool.js';
import { join } from 'node:path';
import { KeyedCache } from '../adapters/keyed-cache.js';
import { modelKit } from '../adapters/model-kit.js';
import { redact } from '../adapters/model-config.js';
import type { ModelClient } from '../adapters/model-types.js';
import { errorMessage, safeLine, UserError } from '../errors.js';
import { AUDIT_JUDGE_CACHE, AUDIT_JUDGE_CACHE_FORMAT, type InventionVerdict, modelInventionCheck } from '../roles/model-audit.js';
import { type CliIo, skipNotice } from '../io.js';
import { painter } from '../render/style.js';

export interface AuditFlags {
  json: boolean;
  /** `--fail-on KIND,…` as given. */
  failOn?: string;
  /** `--judge-model M` (off by default) and where it is served: the model check of each user reply. */
  judgeModel?: string;
  baseUrl?: string;
  timeout?: number;
  retries?: number;
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
 * recording could not be read (after reporting the rest), else 1 when a `--fail-on` kind was found or
 * the model check (`--judge-model`) failed for a recording (one line each).
 */
export async function auditCommand(args: string[], flags: AuditFlags, io: CliIo, client?: ModelClient): Promise<number> {
  const failOn = parseFailOn(flags.failOn);
  const files = expandRecordingArgs(args, skipNotice(io));
  if (files.length === 0) throw new UserError('audit: give one or more recordings (files or folders)');
  const modelCheck = flags.judgeModel === undefined ? null : modelChecker(flags, io, client);
  const ledger = new ToolAnswers();
  const audited: Audited[] = [];
  let unreadable = 0;
  let unchecked = 0;
  for (const file of files) {
    const rec = readRecordingOrSay(file, io);
    if (rec === null) {
      unreadable++;
      continue;
    }
    const findings = auditRecording(rec, { ledger, label: file });
    if (modelCheck) {
      try {
        findings.push(...(await modelCheck.check(rec.task, rec.events)));
        findings.sort((a, b) => a.seq - b.seq);
      } catch (err) {
        unchecked++;
        io.stderr.write(`synthagent: ${file}: the model check was skipped: ${safeLine(redact(errorMessage(err), modelCheck.config))}\n`);
      }
    }
    audited.push({ file, task: rec.task.id, user: rec.roles.user.kind, findings });
  }
  const all = audited.flatMap((a) => a.findings);
  const counts = countByKind(all);
  if (flags.json) {
    const recordings = audited.map(({ file, task, findings }) => ({ file, task, findings: findings.map(({ seq, side, kind, detail }) => ({ seq, side, kind, detail })) }));
    io.stdout.write(`${JSON.stringify({ recordings, counts })}\n`);
  } else io.stdout.write(`${textReport(audited, counts, unreadable, painter(io.stdout, io.env)).join('\n')}\n`);
  if (unreadable > 0) return 2;
  return unchecked > 0 || all.some((f) => failOn.has(f.kind)) ? 1 : 0;
}

/** The `--judge-model` check, its answers cached in .synthagent/ under the working folder. */
function modelChecker(flags: AuditFlags, io: CliIo, client?: ModelClient) {
  const kit = modelKit({ judgeModel: flags.judgeModel, baseUrl: flags.baseUrl, timeout: flags.timeout, retries: flags.retries, env: io.env }, client);
  const cache = new KeyedCache<InventionVerdict>(join(io.cwd, AUDIT_JUDGE_CACHE), AUDIT_JUDGE_CACHE_FORMAT);
  return { config: kit.config, check: modelInventionCheck(kit.client, flags.judgeModel!, cache) };
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
