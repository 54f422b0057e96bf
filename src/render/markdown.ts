import { assertNever } from '../errors.js';
import type { Event } from '../domain/events.js';
import type { Recording } from '../domain/recording.js';
import { rubricNodes } from '../domain/rubric-nodes.js';
import { itemStatus, scoreOf, rewardsOfState } from '../domain/score.js';
import { rewardsText } from '../domain/rewards.js';
import type { SessionState } from '../domain/session-state.js';
import { brief, type Detail, FULL } from './style.js';

const quote = (text: string): string => text.replace(/\n/g, ' ').replace(/\|/g, '\\|');

function eventMarkdown(e: Event, detail: Detail): string {
  const json = (value: unknown): string => (detail.brief ? brief(value, 200, detail.how) : (JSON.stringify(value) ?? 'null'));
  switch (e.type) {
    case 'user_message':
      return `**user** · ${quote(e.text)}${e.reveals.length ? ` — 🔓 *reveals ${e.reveals.join(', ')}*` : ''}`;
    case 'agent_message':
      return `**agent** · ${quote(e.text)}${e.asks.length ? ` — *asks ${e.asks.join(', ')}*` : ''}`;
    case 'tool_call':
      return `🔧 \`${e.tool}(${json(e.args)})\``;
    case 'tool_result':
      return `↳ ${e.ok ? 'ok' : '**error**'} *(${e.via})* \`${json(e.ok ? e.result : e.error)}\``;
    case 'rubric_hit':
      return `${e.kind === 'forbidden' ? '⛔' : '✅'} **hit** \`${e.item}\` (${e.kind})`;
    case 'end':
      return `⏹ **end** · ${e.reason}`;
    case 'note':
      return `📝 *${e.level}: ${quote(e.text)}*`;
    default:
      return assertNever(e);
  }
}

/** A recording as a Markdown transcript with the rubric (tool arguments and results whole unless `detail` cuts them). */
export function recordingMarkdown(rec: Recording, state: SessionState, detail: Detail = FULL): string {
  const s = scoreOf(state);
  const role = (r: Recording['roles']['agent']): string => `${r.kind}${r.model ? ` (${r.model})` : r.client ? ` (${r.client})` : ''}`;
  const lines = [
    `# ${rec.task.title} (\`${rec.task.id}\`)`,
    '',
    `- recording \`${rec.id}\`, ${rec.createdAt}${rec.complete ? '' : ' — **incomplete**'}`,
    `- agent: ${role(rec.roles.agent)} · user: ${role(rec.roles.user)}`,
    `- score **${s.score.toFixed(2)}** — ${s.passed ? 'passed' : 'failed'}${rec.result ? ` (${rec.result.end})` : ''}`,
    `- rewards: ${rewardsText(rewardsOfState(state), 'paper')}`,
    ...(rec.parent ? [`- forked from \`${rec.parent.id}\` at seq ${rec.parent.at}`] : []),
    '',
    '## Transcript',
    '',
    ...rec.events.map((e) => `${e.seq}. ${eventMarkdown(e, detail)}`),
    '',
    '## Rubric',
    '',
    '| item | kind | status | description |',
    '|---|---|---|---|',
    ...rubricNodes(state.task).map((r) => `| \`${r.item.id}\` | ${r.item.kind} | ${itemStatus(r, state)} | ${quote(r.item.description)} |`),
    ...(rec.annotations?.length ? ['', '## Annotations', '', ...rec.annotations.map((a) => `- #${a.seq} ⚠ **${a.kind}** by ${a.by}: ${a.note || '(no note)'}`)] : []),
  ];
  return `${lines.join('\n')}\n`;
}
