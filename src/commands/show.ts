import type { CliIo } from '../io.js';
import { readRecording } from '../adapters/recording-file.js';
import { RecordingStore } from '../adapters/recording-store.js';
import { forkLabel, type Recording } from '../domain/recording.js';
import { applyEvent, initialState, type SessionState } from '../domain/session-state.js';
import { safeLine, UserError } from '../errors.js';
import { recordingMarkdown } from '../render/markdown.js';
import { cell, type Detail, FULL, painter } from '../render/style.js';
import { eventLine, rubricTable, transcriptLines } from '../render/transcript-text.js';
import { firstDivergence } from '../session/replay.js';

/** The state a recording's events leave, under the task it was run with. */
export function stateOf(rec: Recording, upTo = Number.POSITIVE_INFINITY): SessionState {
  return rec.events.filter((e) => e.seq <= upTo).reduce(applyEvent, initialState(rec.task));
}

/** `synthagent show REC [--format text|md] [--brief]`: tool arguments and results whole, or cut with `--brief`. */
export function showCommand(file: string | undefined, format: string, io: CliIo, brief = false): number {
  if (!file) throw new UserError('show: give a recording file');
  if (format !== 'text' && format !== 'md') throw new UserError(`show: --format ${format}: one of text, md`);
  const rec = readRecording(file);
  const state = stateOf(rec);
  const detail: Detail = brief ? { brief: true, how: `synthagent show ${file}${format === 'md' ? ' --format md' : ''} prints them whole` } : FULL;
  if (format === 'md') {
    io.stdout.write(recordingMarkdown(rec, state, detail));
    return 0;
  }
  const paint = painter(io.stdout, io.env);
  const lines = [
    paint('bold', `${rec.task.title}  (${rec.task.id})  agent ${rec.roles.agent.kind}, user ${rec.roles.user.kind}${rec.complete ? '' : '  [incomplete]'}`),
    ...transcriptLines(rec.events, paint, detail),
    '',
    ...rubricTable(state, paint),
    ...(rec.annotations?.length ? ['', paint('bold', 'annotations:'), ...rec.annotations.map((a) => `  #${a.seq} ${paint('yellow', `⚠ ${a.kind}`)} by ${a.by}: ${safeLine(a.note) || '(no note)'}`)] : []),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `synthagent diff A B`: first divergence, then score and hit differences, side by side. */
export function diffCommand(files: string[], io: CliIo): number {
  const width = io.stdout.columns ?? 120;
  const [fa, fb] = files;
  if (!fa || !fb || files.length !== 2) throw new UserError('diff: give exactly two recordings');
  const a = readRecording(fa);
  const b = readRecording(fb);
  if (a.task.id !== b.task.id) throw new UserError(`diff: ${fb}: task "${b.task.id}" is not the task of ${fa} ("${a.task.id}")`);
  const paint = painter(io.stdout, io.env);
  const plain = painter({ write: () => true, isTTY: false }, io.env);
  const col = Math.max(30, Math.floor((width - 3) / 2));
  const sa = stateOf(a);
  const sb = stateOf(b);
  const score = (r: Recording): string => (r.result ? `${r.result.score.toFixed(2)} ${r.result.passed ? 'passed' : 'failed'} (${r.result.end})` : 'no result');
  // Both paths whole, each on its own line: a column would cut the one on the left only.
  const out = [
    `A ${fa}`,
    `B ${fb}`,
    `${cell(`A ${a.roles.agent.kind} / ${a.roles.user.kind}, score ${score(a)}`, col)} │ B ${b.roles.agent.kind} / ${b.roles.user.kind}, score ${score(b)}`,
    '',
  ];
  const d = firstDivergence(a.events, b.events);
  if (!d) out.push(paint('green', 'the two logs are the same event by event'));
  else {
    out.push(paint('bold', `first divergence at seq ${d.seq} (${d.type})`));
    const ai = a.events.findIndex((e) => e.seq === (d.expected?.seq ?? -1));
    const bi = b.events.findIndex((e) => e.seq === (d.actual?.seq ?? -1));
    const start = Math.max(0, Math.min(ai < 0 ? a.events.length : ai, bi < 0 ? b.events.length : bi) - 2);
    for (let i = start; i < start + 12 && (i < a.events.length || i < b.events.length); i++) {
      const left = a.events[i] ? eventLine(a.events[i]!, plain) : '';
      const right = b.events[i] ? eventLine(b.events[i]!, plain) : '';
      const mark = i >= Math.min(ai < 0 ? Infinity : ai, bi < 0 ? Infinity : bi) ? paint('yellow', '│') : '│';
      out.push(`${cell(left, col)} ${mark} ${cell(right, col)}`);
    }
    out.push(paint('gray', `(rows are cut to the column, marked …: synthagent show A or B prints each event whole)`));
  }
  const hitsA = new Set(sa.hits.keys());
  const hitsB = new Set(sb.hits.keys());
  const onlyA = [...hitsA].filter((h) => !hitsB.has(h));
  const onlyB = [...hitsB].filter((h) => !hitsA.has(h));
  out.push('');
  out.push(`hits only in A: ${onlyA.length ? onlyA.join(', ') : '—'}`);
  out.push(`hits only in B: ${onlyB.length ? onlyB.join(', ') : '—'}`);
  const da = a.result?.score ?? 0;
  const db = b.result?.score ?? 0;
  out.push(`score: A ${da.toFixed(2)}, B ${db.toFixed(2)} (${db - da >= 0 ? '+' : ''}${(db - da).toFixed(2)})`);
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** `synthagent recordings [--json]`: the store's index (repaired from the files when needed). */
export function recordingsCommand(dir: string, json: boolean, io: CliIo): number {
  const entries = new RecordingStore(dir).list();
  if (json) {
    io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    io.stdout.write(`no recordings in ${dir} yet (synthagent run or play saves them there)\n`);
    return 0;
  }
  const paint = painter(io.stdout, io.env);
  io.stdout.write(`${paint('bold', `${cell('created', 20)}  ${cell('task', 24)}  ${cell('agent/user', 16)}  ${cell('score', 6)}  ${cell('end', 15)}  file`)}\n`);
  for (const e of entries) {
    const score = e.score === null ? '—' : e.score.toFixed(2);
    const end = e.complete ? (e.end ?? '—') : `${e.end ?? 'unfinished'}*`;
    io.stdout.write(`${cell(e.createdAt.slice(0, 19).replace('T', ' '), 20)}  ${cell(e.task, 24)}  ${cell(`${e.agent}/${e.user}`, 16)}  ${cell(score, 6)}  ${cell(end, 15)}  ${dir}/${e.file}${e.fork ? `  ${forkLabel({ id: e.fork.of, at: e.fork.at })}` : ''}\n`);
  }
  const incomplete = entries.filter((e) => !e.complete).length;
  const legend = incomplete > 0 ? ` (${incomplete} incomplete, marked *: crashed, interrupted or still running)` : '';
  io.stdout.write(paint('gray', `${entries.length} recording${entries.length === 1 ? '' : 's'}${legend}\n`));
  return 0;
}
