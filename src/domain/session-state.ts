import { assertNever } from '../errors.js';
import type { EndReason, Event } from './events.js';
import { matchesArgs } from './json.js';
import { type CheckNode, nodesBottomUp, rubricNodes, saidRegExp } from './rubric-nodes.js';
import type { Sections } from './rewards.js';
import type { Task } from './task.js';

/** Live state of a session: always `events.reduce(applyEvent, initialState(task))`. */
export interface SessionState {
  readonly task: Task;
  /** seq the next event gets. */
  readonly nextSeq: number;
  readonly world: Record<string, unknown>;
  /** Fact ids revealed by a user message after the instruction. */
  readonly revealed: ReadonlySet<string>;
  /** Tool calls awaiting their result, by callId. */
  readonly pending: Readonly<Record<string, { tool: string; args: unknown }>>;
  readonly userMessages: number;
  readonly agentTurns: number;
  readonly questions: number;
  readonly toolCalls: number;
  /** Paths of rubric check nodes satisfied so far (latched: once true, stays true). */
  readonly satisfied: ReadonlySet<string>;
  /** Paths of `judge` checks a judge has decided (either way). */
  readonly judged: ReadonlySet<string>;
  /** The section counts a whole-rubric judge answered, when it gave them (used by the `released` reward). */
  readonly judgeSections: Sections | null;
  /** Rubric item ids with a `rubric_hit` event, and that event's seq. */
  readonly hits: ReadonlyMap<string, number>;
  readonly ended: EndReason | null;
  /** Whose move it is: the agent after a user message or a tool result, the user after an agent message. */
  readonly turn: 'agent' | 'user';
}

const EMPTY_WORLD: Record<string, unknown> = Object.freeze({});

export function initialState(task: Task): SessionState {
  return {
    task,
    nextSeq: 0,
    // Shared, not copied: worlds are never changed in place (a call that changes the world makes a
    // new one), and sharing lets caches keyed by the world object work across sessions of a task.
    world: task.world ?? EMPTY_WORLD,
    revealed: new Set(),
    pending: {},
    userMessages: 0,
    agentTurns: 0,
    questions: 0,
    toolCalls: 0,
    satisfied: new Set(),
    judged: new Set(),
    judgeSections: null,
    hits: new Map(),
    ended: null,
    turn: 'agent',
  };
}

/** The reducer. Pure: returns a new state, never touches the old one. */
export function applyEvent(state: SessionState, event: Event): SessionState {
  const next = applyFields(state, event);
  const satisfied = advanceChecks(state, next, event, next.satisfied);
  return satisfied === next.satisfied ? next : { ...next, satisfied };
}

function applyFields(s: SessionState, e: Event): SessionState {
  const base = { ...s, nextSeq: e.seq + 1 };
  switch (e.type) {
    case 'user_message': {
      const first = s.userMessages === 0;
      const revealed = first || e.reveals.length === 0 ? s.revealed : new Set([...s.revealed, ...e.reveals]);
      return { ...base, userMessages: s.userMessages + 1, revealed, turn: 'agent' };
    }
    case 'agent_message':
      return { ...base, agentTurns: s.agentTurns + 1, questions: s.questions + (e.question ? 1 : 0), turn: 'user' };
    case 'tool_call':
      return { ...base, turn: 'agent', toolCalls: s.toolCalls + 1, pending: { ...s.pending, [e.callId]: { tool: e.tool, args: e.args } } };
    case 'tool_result': {
      const { [e.callId]: _done, ...pending } = s.pending;
      return { ...base, pending, world: e.world ?? s.world };
    }
    case 'rubric_hit': {
      // The hit is the record that the item was earned (world and judge items are settled outside the reducer).
      const root = rubricNodes(s.task).find((r) => r.item.id === e.item);
      const satisfied = root && !s.satisfied.has(root.path) ? new Set(s.satisfied).add(root.path) : s.satisfied;
      return { ...base, satisfied, hits: new Map(s.hits).set(e.item, e.seq) };
    }
    case 'end':
      return { ...base, ended: e.reason };
    case 'note':
      if (e.judgeSections) return { ...base, judgeSections: e.judgeSections };
      return e.judge ? applyVerdict(base, e.judge) : base;
    default:
      return assertNever(e);
  }
}

/** A judge's verdict latches its check (when it is still the same criterion) and settles composites. */
function applyVerdict(s: SessionState, v: { path: string; criterion: string; verdict: boolean }): SessionState {
  const node = nodesBottomUp(s.task).find((n) => n.path === v.path);
  if (!node || node.check.type !== 'judge' || node.check.criterion !== v.criterion) return s;
  const judged = new Set(s.judged).add(v.path);
  if (!v.verdict) return { ...s, judged };
  const satisfied = new Set(s.satisfied).add(v.path);
  for (const n of nodesBottomUp(s.task)) if (!satisfied.has(n.path) && compositeSatisfied(n, (p) => satisfied.has(p))) satisfied.add(n.path);
  return { ...s, judged, satisfied };
}

/** Latches every check node that `event` satisfies; composites settle after their children. */
function advanceChecks(before: SessionState, after: SessionState, event: Event, current: ReadonlySet<string>): ReadonlySet<string> {
  if (event.type === 'rubric_hit' || event.type === 'end' || event.type === 'note') return current;
  let satisfied: Set<string> | null = null;
  const has = (path: string): boolean => (satisfied ?? current).has(path);
  for (const node of nodesBottomUp(before.task)) {
    if (has(node.path)) continue;
    if (leafSatisfied(node, before, after, event) || compositeSatisfied(node, has)) {
      satisfied ??= new Set(current);
      satisfied.add(node.path);
    }
  }
  return satisfied ?? current;
}

export function compositeSatisfied(node: CheckNode, has: (path: string) => boolean): boolean {
  if (node.check.type === 'any') return node.children.some((c) => has(c.path));
  if (node.check.type === 'all') return node.children.every((c) => has(c.path));
  return false;
}

function leafSatisfied(node: CheckNode, before: SessionState, after: SessionState, e: Event): boolean {
  const c = node.check;
  switch (c.type) {
    case 'tool_called': {
      const matches = (tool: string, args: unknown): boolean => tool === c.tool && (!c.args || matchesArgs(c.args, args));
      if (c.ok === false) return e.type === 'tool_call' && matches(e.tool, e.args);
      if (e.type !== 'tool_result' || !e.ok) return false;
      const call = before.pending[e.callId];
      return call !== undefined && matches(call.tool, call.args);
    }
    case 'fact_elicited':
      return e.type === 'user_message' && before.userMessages > 0 && e.reveals.includes(c.fact);
    case 'acted_before_eliciting': {
      if (e.type !== 'tool_call' || before.revealed.has(c.fact)) return false;
      const fact = before.task.user.facts.find((f) => f.id === c.fact);
      return (fact?.params ?? []).some((p) => setsParam(p, e.tool, e.args));
    }
    case 'said': {
      const role = c.role ?? 'agent';
      const text = role === 'agent' ? (e.type === 'agent_message' ? e.text : null) : e.type === 'user_message' ? e.text : null;
      return text !== null && (saidRegExp(c.pattern)?.test(text) ?? false);
    }
    case 'asked_more_than':
      return e.type === 'agent_message' && after.questions > c.n;
    case 'world':
    case 'judge':
    case 'any':
    case 'all':
      return false;
    default:
      return assertNever(c);
  }
}

/** `"rebook.seat"` is set by a call of `rebook` whose arguments have a `seat`. */
function setsParam(param: string, tool: string, args: unknown): boolean {
  const dot = param.indexOf('.');
  if (dot < 0 || param.slice(0, dot) !== tool) return false;
  const name = param.slice(dot + 1);
  return typeof args === 'object' && args !== null && name in args && (args as Record<string, unknown>)[name] !== undefined;
}
