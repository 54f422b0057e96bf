import type { Event } from '../domain/events.js';
import { canonicalJson } from '../domain/json.js';
import { type Difference, jsonDiff } from '../domain/json-diff.js';
import { jsonEqual } from '../domain/json.js';
import type { ToolSimulator } from '../domain/mock-tools.js';
import type { Recording, SessionResult } from '../domain/recording.js';
import type { Task } from '../domain/task.js';
import type { AgentAction, AgentRole, UserAction, UserRole } from '../roles/role.js';
import { recordedJudge } from '../roles/model-judge.js';
import { RunCaches } from '../adapters/run-caches.js';
import { assembleSession, type SessionPlan } from './start.js';
import { recordedWholeJudge } from '../roles/whole-judge.js';

/** Where a replay first parted from its recording. */
export interface Divergence {
  /** seq of the recorded event (or of the first extra replayed event). */
  seq: number;
  type: string;
  expected: Event | null;
  actual: Event | null;
  diffs: Difference[];
}

export interface ReplayOutcome {
  events: Event[];
  result: SessionResult;
  divergence: Divergence | null;
}

/**
 * Re-drives a recording against `task` as it is today: the recorded agent actions (and, unless the
 * user was the rule simulator, the recorded user messages) are fed back as scripts; tools and the
 * rubric run on today's code. Simulated tool results come from the recording, so no network is needed.
 */
export async function replayRecording(rec: Recording, task: Task): Promise<ReplayOutcome> {
  const controller = new AbortController();
  const agent = recordedAgent(rec, controller);
  const plan: SessionPlan = {
    loaded: { task },
    agent: { kind: 'given', role: agent },
    user: rec.roles.user.kind === 'sim' ? { kind: 'sim' } : { kind: 'given', role: recordedUser(rec, () => controller.abort()) },
    simulate: recordedSimulations(rec.events),
    judge: recordedJudge(rec.events),
    wholeJudge: recordedWholeJudge(rec.events) ?? null,
  };
  const { log, result } = await assembleSession(plan, { caches: new RunCaches() }).run({ signal: controller.signal });
  const events = [...log.events];
  // A recording cut short (no end event) is compared up to where it stops.
  const cut = !rec.events.some((e) => e.type === 'end');
  const divergence = firstDivergence(rec.events, cut ? events.slice(0, rec.events.length) : events);
  return { events, result, divergence: divergence ?? (cut ? null : resultDivergence(rec, result)) };
}

/**
 * The same events can still score differently (an item added to the rubric that nothing satisfies
 * earns no event): the recorded result must match too. Reported as type "result" at the last seq.
 */
function resultDivergence(rec: Recording, result: SessionResult): Divergence | null {
  if (rec.result === null) return null;
  // Numbering is not compared (notes shift it), as in the events.
  const unnumbered = (r: SessionResult): unknown => ({ ...r, hits: r.hits.map(({ seq: _seq, ...hit }) => hit) });
  const diffs = jsonDiff(unnumbered(rec.result), unnumbered(result)).map((d) => ({ ...d, path: d.path ? `result.${d.path}` : 'result' }));
  return diffs.length === 0 ? null : { seq: rec.events.at(-1)?.seq ?? 0, type: 'result', expected: null, actual: null, diffs };
}

/** Agent actions as recorded: calls, messages, and the finish (with its text when the last message was it). */
export function recordedAgentActions(events: readonly Event[]): AgentAction[] {
  const actions: AgentAction[] = [];
  const end = events.find((e) => e.type === 'end');
  const lastMessage = events.findLast((e) => e.type === 'agent_message' || e.type === 'tool_call' || e.type === 'user_message');
  for (const [i, e] of events.entries()) {
    if (e.type === 'tool_call') {
      // Calls logged back to back (before any result; hits and notes may sit between) were one parallel move.
      const last = actions.at(-1);
      const before = events.slice(0, i).findLast((x) => x.type !== 'rubric_hit' && x.type !== 'note');
      const parallel = before?.type === 'tool_call';
      if (parallel && last?.type === 'call') actions[actions.length - 1] = { type: 'calls', calls: [{ tool: last.tool, args: last.args }, { tool: e.tool, args: e.args }] };
      else if (parallel && last?.type === 'calls') last.calls.push({ tool: e.tool, args: e.args });
      else actions.push({ type: 'call', tool: e.tool, args: e.args, callId: e.callId });
    }
    if (e.type === 'agent_message') {
      const isFinishText = end?.type === 'end' && end.reason === 'agent_finished' && e === lastMessage;
      actions.push(isFinishText ? { type: 'finish', text: e.text } : { type: 'say', text: e.text });
    }
  }
  if (end?.type === 'end' && end.reason === 'agent_finished' && actions.at(-1)?.type !== 'finish') actions.push({ type: 'finish' });
  return actions;
}

/**
 * The recorded agent. When its moves run out it ends the session the way the recording ended: a
 * call past the limit for `max_tool_calls`, a failure for `error`, an abort for anything unfinished.
 */
function recordedAgent(rec: Recording, controller: AbortController): AgentRole {
  const actions = recordedAgentActions(rec.events);
  const end = rec.events.find((e) => e.type === 'end');
  const reason = end?.type === 'end' ? end.reason : null;
  let next = 0;
  return {
    info: rec.roles.agent,
    act: async () => {
      const action = actions[next++];
      if (action) return action;
      if (reason === 'max_tool_calls') {
        const last = rec.events.findLast((e) => e.type === 'tool_call');
        return { type: 'call', tool: last?.type === 'tool_call' ? last.tool : 'none', args: {} };
      }
      if (reason === 'error') throw new Error('the recorded agent failed here');
      if (reason !== 'agent_finished') controller.abort();
      return { type: 'finish' };
    },
  };
}

function recordedUser(rec: Recording, onExhausted: () => void): UserRole {
  const replies: UserAction[] = rec.events
    .filter((e) => e.type === 'user_message')
    .slice(1)
    .map((e) => ({ type: 'say', text: e.type === 'user_message' ? e.text : '' }));
  const stopped = rec.events.some((e) => e.type === 'end' && e.reason === 'user_stopped');
  let next = 0;
  return {
    info: rec.roles.user,
    act: async () => {
      const reply = replies[next++];
      if (reply) return reply;
      if (!stopped) onExhausted();
      return { type: 'stop' };
    },
  };
}

/** Answers `simulate` tools with the results the recording holds for the same call. */
export function recordedSimulations(events: readonly Event[]): ToolSimulator {
  const calls = new Map<string, { tool: string; args: unknown }>();
  const answers = new Map<string, { ok: true; result: unknown } | { ok: false; error: unknown }>();
  for (const e of events) {
    if (e.type === 'tool_call') calls.set(e.callId, { tool: e.tool, args: e.args });
    if (e.type === 'tool_result' && e.via === 'simulate') {
      const call = calls.get(e.callId);
      if (call) answers.set(`${call.tool} ${canonicalJson(call.args)}`, e.ok ? { ok: true, result: e.result } : { ok: false, error: e.error });
    }
  }
  return async ({ tool, args }) => answers.get(`${tool.name} ${canonicalJson(args)}`) ?? null;
}

/** Compares two logs event by event, ignoring notes and the numbering (seq, a hit's `at`). */
export function firstDivergence(expected: readonly Event[], actual: readonly Event[]): Divergence | null {
  const a = expected.filter((e) => e.type !== 'note');
  const b = actual.filter((e) => e.type !== 'note');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    const cx = comparable(x);
    const cy = comparable(y);
    if (jsonEqual(cx, cy)) continue;
    const diffs = jsonDiff(cx, cy);
    if (diffs.length === 0) continue;
    const at = x ?? y;
    return { seq: x?.seq ?? y?.seq ?? i, type: at?.type ?? 'none', expected: x, actual: y, diffs };
  }
  return null;
}

function comparable(e: Event | null): unknown {
  if (!e) return null;
  const { seq: _seq, ...rest } = e;
  if (rest.type === 'rubric_hit') {
    const { at: _at, ...hit } = rest;
    return hit;
  }
  return rest;
}
