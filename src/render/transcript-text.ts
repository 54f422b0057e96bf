import { assertNever } from '../errors.js';
import type { Event } from '../domain/events.js';
import { rubricNodes } from '../domain/rubric-nodes.js';
import { type RewardProfile, rewardsText } from '../domain/rewards.js';
import { cutShort, itemStatus, rewardsOfState, scoreOf, type ItemStatus } from '../domain/score.js';
import type { SessionState } from '../domain/session-state.js';
import { brief, cell, type Detail, FULL, type painter } from './style.js';

type Paint = ReturnType<typeof painter>;

/** A readable transcript: one line per event, tool arguments and results whole unless `detail` cuts them. */
export function transcriptLines(events: readonly Event[], paint: Paint, detail: Detail = FULL): string[] {
  return events.map((e) => eventLine(e, paint, detail));
}

export function eventLine(e: Event, paint: Paint, detail: Detail = FULL): string {
  const json = (value: unknown): string => (detail.brief ? brief(value, 100, detail.how) : (JSON.stringify(value) ?? 'null'));
  const n = paint('gray', String(e.seq).padStart(3));
  switch (e.type) {
    case 'user_message':
      return `${n} ${paint('cyan', 'user ')}  ${e.text}${e.reveals.length ? paint('yellow', `  [reveals ${e.reveals.join(', ')}]`) : ''}`;
    case 'agent_message':
      return `${n} ${paint('magenta', 'agent')}  ${e.text}${e.asks.length ? paint('gray', `  [asks ${e.asks.join(', ')}]`) : ''}`;
    case 'tool_call':
      return `${n} ${paint('blue', 'call ')}  ${e.tool} ${json(e.args)}`;
    case 'tool_result':
      return `${n} ${paint(e.ok ? 'blue' : 'red', e.ok ? 'ok   ' : 'error')}  ${json(e.ok ? e.result : e.error)} ${paint('gray', `(${e.via})`)}`;
    case 'rubric_hit':
      return `${n} ${paint(e.kind === 'forbidden' ? 'red' : 'green', 'hit  ')}  ${e.item} (${e.kind})`;
    case 'end':
      return `${n} ${paint('bold', 'end  ')}  ${e.reason}`;
    case 'note':
      return `${n} ${paint(e.level === 'error' ? 'red' : 'yellow', 'note ')}  ${e.text}`;
    default:
      return assertNever(e);
  }
}

const STATUS_COLOR: Record<ItemStatus, Parameters<Paint>[0]> = {
  satisfied: 'green',
  clear: 'green',
  pending: 'gray',
  missed: 'yellow',
  violated: 'red',
  unjudged: 'gray',
};

/** The rubric as a table, then the score line. */
export function rubricTable(state: SessionState, paint: Paint, profile: RewardProfile = 'paper'): string[] {
  const roots = rubricNodes(state.task);
  const idWidth = Math.min(28, Math.max(4, ...roots.map((r) => r.item.id.length)));
  const lines = [paint('bold', `${cell('item', idWidth)}  ${cell('kind', 11)}  ${cell('status', 9)}  description`)];
  for (const root of roots) {
    const status = itemStatus(root, state);
    const weight = root.item.weight && root.item.weight !== 1 ? ` (×${root.item.weight})` : '';
    lines.push(`${cell(root.item.id, idWidth)}  ${cell(root.item.kind, 11)}  ${paint(STATUS_COLOR[status], cell(status, 9))}  ${root.item.description}${weight}`);
  }
  const s = scoreOf(state);
  const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`);
  lines.push('');
  lines.push(
    `${paint('bold', `score ${s.score.toFixed(2)}`)}  ${s.passed ? paint('green', 'PASSED') : paint('red', 'FAILED')}  subgoals ${pct(s.subgoals)}  interactions ${pct(s.interactions)}` +
      (!s.passed && s.score === 1 ? paint('gray', `  (${notPassedWhy(state)})`) : '') +
      (s.violated.length ? paint('red', `  violated: ${s.violated.join(', ')}`) : '') +
      (s.unjudged.length ? paint('gray', `  unjudged: ${s.unjudged.join(', ')}`) : ''),
  );
  lines.push(`reward ${rewardsText(rewardsOfState(state), profile)}`);
  return lines;
}

/** Why a score of 1 did not pass (README "Passed"). */
function notPassedWhy(state: SessionState): string {
  if (cutShort(state.ended)) return `not passed: the session ended ${state.ended}`;
  return 'not passed: every positive item was left unjudged, so nothing was checked';
}
