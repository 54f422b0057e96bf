import type { Event } from '../domain/events.js';
import { applyEvent, initialState, type SessionState } from '../domain/session-state.js';
import type { Task } from '../domain/task.js';
import { assertNever } from '../errors.js';
import { multiLine, rowParts, worldChanges, wrapKeep } from './format.js';

/** One line of the inspector: already wrapped to its width. */
export interface InspectLine {
  text: string;
  color?: string;
  bold?: boolean;
}

/** A remark on an event from outside the log (an audit finding, a person's annotation), shown by the inspector. */
export interface EventRemark {
  seq: number;
  label: string;
  detail: string;
}

export interface InspectInput {
  events: readonly Event[];
  task: Task;
  seq: number;
  width: number;
  remarks?: readonly EventRemark[];
}

/** The event the inspector opens by default: the latest tool result (else the latest event), or null when there is none. */
export function defaultInspectSeq(events: readonly Event[]): number | null {
  return events.findLast((e) => e.type === 'tool_result')?.seq ?? events.at(-1)?.seq ?? null;
}

/** The states before and after the event `seq` (the world it left, the facts it revealed). */
function statesAround(events: readonly Event[], task: Task, seq: number): { before: SessionState; after: SessionState } {
  let before = initialState(task);
  for (const e of events) {
    if (e.seq === seq) return { before, after: applyEvent(before, e) };
    before = applyEvent(before, e);
  }
  return { before, after: before };
}

const pretty = (value: unknown): string => (value === undefined ? '(none)' : (JSON.stringify(value, null, 2) ?? 'null'));

/**
 * Everything known about one event, as lines wrapped to `width`: for a tool call or result both halves
 * of the call (arguments pretty-printed, the result or error, `via`), the world after it with what
 * changed, the facts a message revealed, the rubric items the event earned, and remarks on it.
 */
export function inspectLines({ events, task, seq, width, remarks = [] }: InspectInput): InspectLine[] {
  const event = events.find((e) => e.seq === seq);
  if (!event) return [{ text: `no event #${seq} (events run from #0 to #${events.at(-1)?.seq ?? 0})`, color: 'yellow' }];
  const out: InspectLine[] = [];
  const w = Math.max(20, width);
  const heading = (text: string): void => void out.push({ text: '' }, { text, bold: true });
  const body = (text: string, color?: string): void => {
    for (const line of wrapKeep(text, w - 2)) out.push({ text: `  ${line}`, color });
  };
  const p = rowParts(event);
  out.push({ text: `#${event.seq} ${p.label} · ${event.type}`, bold: true });
  const { before, after } = statesAround(events, task, seq);

  switch (event.type) {
    case 'tool_call':
    case 'tool_result': {
      const call = event.type === 'tool_call' ? event : events.find((e): e is Extract<Event, { type: 'tool_call' }> => e.type === 'tool_call' && e.callId === event.callId);
      const result = event.type === 'tool_result' ? event : events.find((e): e is Extract<Event, { type: 'tool_result' }> => e.type === 'tool_result' && e.callId === event.callId);
      const tool = task.tools.find((t) => t.name === call?.tool);
      heading(`call${call ? ` #${call.seq}` : ''}: ${call?.tool ?? '(call not in the log)'}${call ? ` (${call.callId})` : ''}`);
      if (tool) body(tool.description, 'gray');
      heading('arguments');
      body(pretty(call?.args));
      if (!result) {
        heading('result');
        body('(no result yet)', 'gray');
        break;
      }
      heading(`${result.ok ? 'result' : 'error'} #${result.seq} · via ${result.via}`);
      body(result.ok ? pretty(result.result) : typeof result.error === 'string' ? result.error : pretty(result.error), result.ok ? undefined : 'red');
      // The world the call left: its changes first, then the whole of it.
      const { before: b, after: a } = statesAround(events, task, result.seq);
      const changes = worldChanges(b.world, a.world);
      heading(`world after #${result.seq}${changes.length ? ` (${changes.length} change${changes.length === 1 ? '' : 's'})` : ' (unchanged by this call)'}`);
      for (const c of changes) body(`Δ ${c.path}: ${c.before === undefined ? '(none)' : JSON.stringify(c.before)} → ${c.after === undefined ? '(none)' : JSON.stringify(c.after)}`, 'yellow');
      body(pretty(a.world), 'gray');
      break;
    }
    case 'user_message':
    case 'agent_message': {
      heading(event.type === 'user_message' ? 'the user says' : `the agent says${event.question ? ' (a question)' : ''}`);
      body(multiLine(event.text) || '(empty)');
      if (event.type === 'agent_message' && event.asks.length) {
        heading('asks for');
        for (const id of event.asks) body(`${id}: ${task.user.facts.find((f) => f.id === id)?.description ?? ''}`);
      }
      if (event.type === 'user_message') {
        const fresh = [...after.revealed].filter((id) => !before.revealed.has(id));
        heading(before.userMessages === 0 ? 'the opening instruction (reveals count only after it)' : fresh.length ? 'facts revealed' : 'facts revealed: none new');
        for (const id of fresh) {
          const fact = task.user.facts.find((f) => f.id === id);
          body(`🔓 ${id} = ${JSON.stringify(fact?.value)}${fact ? ` (${fact.description})` : ''}`, 'green');
        }
      }
      break;
    }
    case 'rubric_hit': {
      const item = task.rubric.find((i) => i.id === event.item);
      heading(`${event.kind === 'forbidden' ? 'violated' : 'earned'}: ${event.item} (${event.kind})`);
      if (item) body(item.description);
      if (item) body(pretty(item.check), 'gray');
      const cause = event.at === undefined ? undefined : events.find((e) => e.seq === event.at);
      heading('earned by');
      body(cause ? `#${cause.seq} ${rowParts(cause).label} ${rowParts(cause).text}` : 'the final world (settled at the end)', 'gray');
      break;
    }
    case 'note':
      heading(`note (${event.level})`);
      body(multiLine(event.text));
      if (event.judge) {
        heading(`verdict on ${event.judge.path}: ${event.judge.verdict ? 'met' : 'not met'}`);
        body(event.judge.criterion, 'gray');
        body(`reason: ${event.judge.reason}`);
      }
      break;
    case 'end':
      heading(`the session ended: ${event.reason.replace(/_/g, ' ')}`);
      break;
    default:
      return assertNever(event);
  }

  const hits = events.filter((e): e is Extract<Event, { type: 'rubric_hit' }> => e.type === 'rubric_hit' && e.at !== undefined && related(events, seq).includes(e.at));
  if (event.type !== 'rubric_hit') {
    heading(hits.length ? 'rubric items it hit' : 'rubric items it hit: none');
    for (const h of hits) {
      const item = task.rubric.find((i) => i.id === h.item);
      body(`${h.kind === 'forbidden' ? '✗' : '✓'} ${h.item} (${h.kind})${item ? `: ${item.description}` : ''}`, h.kind === 'forbidden' ? 'red' : 'green');
    }
  }
  const mine = remarks.filter((r) => related(events, seq).includes(r.seq));
  if (mine.length) {
    heading('remarks');
    for (const r of mine) body(`⚠ ${r.label}: ${r.detail}`, 'yellow');
  }
  return out;
}

/** The seqs that make one row: a call and its result go together. */
function related(events: readonly Event[], seq: number): number[] {
  const e = events.find((x) => x.seq === seq);
  if (e?.type !== 'tool_call' && e?.type !== 'tool_result') return [seq];
  return events.filter((x) => (x.type === 'tool_call' || x.type === 'tool_result') && x.callId === e.callId).map((x) => x.seq);
}
