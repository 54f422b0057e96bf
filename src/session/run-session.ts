import { agentCard, agentViewItem, type AgentView, type AgentViewItem } from '../domain/agent-view.js';
import type { EndReason, Event } from '../domain/events.js';
import { jsonataSandbox } from '../adapters/jsonata-sandbox.js';
import type { EvaluateJsonata } from '../domain/jsonata-eval.js';
import { detectAsks, detectReveals } from '../domain/messages.js';
import { type EarlierCall, loggedArgs, resolveToolCall, type ToolSimulator } from '../domain/mock-tools.js';
import type { SessionResult } from '../domain/recording.js';
import { sectionsLine } from '../domain/rewards.js';
import { itemSections, pendingJudgeNodes, resultOf, settleWorldChecks, worldCheckNodes } from '../domain/score.js';
import type { WholeJudge } from '../roles/whole-judge.js';
import { limitsOf, type Task } from '../domain/task.js';
import { isQuestion } from '../domain/text-match.js';
import { errorMessage, StoppedError } from '../errors.js';
import type { ActContext, AgentRole, Judge, UserRole } from '../roles/role.js';
import { SessionLog } from './session-log.js';

export interface SessionOptions {
  task: Task;
  agent: AgentRole;
  user: UserRole;
  simulate?: ToolSimulator;
  signal?: AbortSignal;
  /** Recorded events to start from (a fork); the session goes on from the state they leave. */
  prefix?: readonly Event[];
  /** Called with the log before the first event, so recorders and UIs can subscribe. */
  onStart?: (log: SessionLog) => void;
  /** Decides `judge` checks at the end; without it they stay unjudged. */
  judge?: Judge;
  /** Where a model side's answer-in-progress goes (the TUI shows it); never logged. */
  progress?: (side: 'agent' | 'user', textSoFar: string) => void;
  /** Decides them all in one call instead (`--judge-mode whole`); `judge` is then not asked. */
  wholeJudge?: WholeJudge;
  /** Evaluates the task's JSONata (mock queries and updates, world checks): the run's sandbox; the process's by default. */
  evaluate?: EvaluateJsonata;
  /** Awaited before each move of either side (the playground's pace and pause); must settle once the signal aborts. */
  beforeAct?: () => Promise<void>;
}

export type { Judge } from '../roles/role.js';

export interface SessionOutcome {
  log: SessionLog;
  result: SessionResult;
}

class Ended {
  constructor(readonly reason: EndReason) {}
}

/** Runs one session to its end (SPEC §3). Role failures become a note and `end: error`; nothing throws. */
export async function runSession(opts: SessionOptions): Promise<SessionOutcome> {
  const { task, agent, user } = opts;
  const evaluate = opts.evaluate ?? jsonataSandbox.evaluate;
  const log = new SessionLog(task);
  opts.onStart?.(log);
  const signal = opts.signal ?? new AbortController().signal;
  const ctx: ActContext = { signal, note: (level, text) => void log.append({ type: 'note', level, text }) };
  const { progress } = opts;
  const agentCtx: ActContext = progress ? { ...ctx, progress: (text) => progress('agent', text) } : ctx;
  const userCtx: ActContext = progress ? { ...ctx, progress: (text) => progress('user', text) } : ctx;
  const limits = limitsOf(task);
  // The agent's view, kept in step with the log by the one per-event mapping of agentView().
  const items: AgentViewItem[] = [];
  const card = agentCard(task);
  const view = (): AgentView => ({ ...card, items });
  let lastAgentText = '';
  let lastAsks: readonly string[] = [];
  const earlier: EarlierCall[] = [];
  log.subscribe((e) => {
    items.push(...agentViewItem(e));
    if (e.type === 'agent_message') {
      lastAgentText = e.text;
      lastAsks = e.asks;
    }
  });

  const guard = (): void => {
    if (signal.aborted) throw new Ended('aborted');
  };
  // Scripted roles and mocks answer without touching the event loop; yield to it every few
  // milliseconds so that signals (Ctrl+C) and timers are handled even in a long scripted session.
  let lastBreath = performance.now();
  const breathe = async (): Promise<void> => {
    if (performance.now() - lastBreath < 5) return;
    await new Promise((resolve) => setImmediate(resolve));
    lastBreath = performance.now();
  };

  const agentTurn = async (): Promise<void> => {
    if (log.state.agentTurns >= limits.maxTurns) throw new Ended('max_turns');
    for (;;) {
      await breathe();
      guard();
      if (opts.beforeAct) {
        await opts.beforeAct();
        guard();
      }
      const action = await agent.act(view(), agentCtx);
      guard();
      if (action.type === 'say') {
        const asks = detectAsks(task, action.text).map((f) => f.id);
        log.append({ type: 'agent_message', text: action.text, question: isQuestion(action.text), asks });
        return;
      }
      if (action.type === 'finish') {
        if (action.text) log.append({ type: 'agent_message', text: action.text, question: isQuestion(action.text), asks: detectAsks(task, action.text).map((f) => f.id) });
        throw new Ended('agent_finished');
      }
      // Arguments from any agent enter the log here, as the log keeps them (too deep: as text).
      const calls: { tool: string; args: unknown; callId?: string }[] = action.type === 'calls' ? action.calls : [action];
      const batch = calls.map((call) => ({ ...call, args: loggedArgs(call.args ?? {}) }));
      const allowed = Math.max(0, limits.maxToolCalls - log.state.toolCalls);
      const ids = batch.slice(0, allowed).map((call) => {
        const callId = call.callId ?? `call-${log.state.toolCalls + 1}`;
        log.append({ type: 'tool_call', callId, tool: call.tool, args: call.args });
        return callId;
      });
      for (const [i, callId] of ids.entries()) {
        const call = batch[i]!;
        const { args } = call;
        const outcome = await resolveToolCall({ task, world: log.state.world, tool: call.tool, args, simulate: opts.simulate, earlier, evaluate });
        earlier.push(outcome.ok ? { tool: call.tool, args, ok: true, result: outcome.result } : { tool: call.tool, args, ok: false, error: outcome.error });
        log.append(outcome.ok ? { type: 'tool_result', callId, ...outcome } : { type: 'tool_result', callId, ...outcome });
      }
      if (ids.length < batch.length) throw new Ended('max_tool_calls');
    }
  };

  const userTurn = async (agentText: string): Promise<void> => {
    guard();
    if (opts.beforeAct) {
      await opts.beforeAct();
      guard();
    }
    const reply = await user.act({ task, events: log.events, agentText, revealed: log.state.revealed }, userCtx);
    guard();
    if (reply.type === 'stop') throw new Ended('user_stopped');
    const asked = lastAsks.filter((id) => !log.state.revealed.has(id));
    const reveals = detectReveals(task, reply.text);
    log.append({ type: 'user_message', text: reply.text, reveals });
    // A reply that gives none of what the agent just asked for is said in the transcript (a person
    // playing the user learns that only a value counts).
    if (asked.length > 0 && !asked.some((id) => reveals.includes(id))) log.append({ type: 'note', level: 'info', text: unansweredNote(task, asked) });
  };

  let reason: EndReason;
  try {
    if (opts.prefix && opts.prefix.length > 0) log.restore(opts.prefix);
    else log.append({ type: 'user_message', text: task.instruction, reveals: [] });
    for (;;) {
      if (log.state.turn === 'agent') await agentTurn();
      await userTurn(lastAgentText);
    }
  } catch (err) {
    if (err instanceof Ended) reason = err.reason;
    // A stopped model call may reach here before the session's own signal is aborted (serve closing).
    else if (signal.aborted || err instanceof StoppedError) reason = 'aborted';
    else {
      log.append({ type: 'note', level: 'error', text: `session error: ${errorMessage(err)}` });
      reason = 'error';
    }
  }
  return { log, result: await finishSession(log, reason, opts.judge, opts.wholeJudge, evaluate) };
}

/**
 * Settles `world` checks on the final world, puts undecided `judge` checks to the judge (each verdict
 * is a note in the log), records the hits, then the `end` event. A judge stopped on the way (Ctrl+C)
 * leaves the rest unjudged and the session `aborted`: it did not end as it would have.
 */
export async function finishSession(log: SessionLog, reason: EndReason, judge?: Judge, wholeJudge?: WholeJudge, evaluate: EvaluateJsonata = jsonataSandbox.evaluate): Promise<SessionResult> {
  const values = new Map<string, boolean>();
  for (const node of worldCheckNodes(log.state)) {
    const out = await evaluate(node.query, { world: log.state.world });
    values.set(node.path, out.ok && truthy(out.value));
    if (!out.ok) log.append({ type: 'note', level: 'warn', text: `rubric world check failed: ${out.error}` });
  }
  log.settle((s) => settleWorldChecks(s, values));
  log.appendHits();
  let stopped = false;
  if (wholeJudge) stopped = await judgeWhole(log, wholeJudge);
  else if (judge) {
    for (const node of pendingJudgeNodes(log.state)) {
      try {
        const v = await judge({ ...node, events: log.events });
        if (v) log.append({ type: 'note', level: 'info', text: `judge: ${node.item}: ${v.verdict ? 'yes' : 'no'}, ${v.reason}`, judge: { path: node.path, criterion: node.criterion, ...v } });
      } catch (err) {
        // Stopped: the rest stay unjudged, without a note each.
        if (err instanceof StoppedError) {
          stopped = true;
          break;
        }
        log.append({ type: 'note', level: 'warn', text: `judge failed on ${node.item}: ${errorMessage(err)} (left unjudged)` });
      }
    }
  }
  log.appendHits();
  const end = stopped ? 'aborted' : reason;
  log.append({ type: 'end', reason: end });
  return resultOf(log.state, end);
}

/**
 * One whole-rubric judgment: a verdict note per check (the same note as a per-item judge writes), then
 * the judge's section counts, with a warning when they disagree with the item verdicts. True when it was stopped.
 */
async function judgeWhole(log: SessionLog, wholeJudge: WholeJudge): Promise<boolean> {
  const pending = pendingJudgeNodes(log.state);
  if (pending.length === 0) return false;
  const left = `${pending.length} judge check${pending.length === 1 ? '' : 's'} left unjudged`;
  let out: Awaited<ReturnType<WholeJudge>>;
  try {
    out = await wholeJudge({ task: log.task, events: log.events, pending });
  } catch (err) {
    if (err instanceof StoppedError) return true;
    log.append({ type: 'note', level: 'warn', text: `judge (whole) failed: ${errorMessage(err)} (${left})` });
    return false;
  }
  if ('unreadable' in out) {
    log.append({ type: 'note', level: 'warn', text: `judge (whole): no readable answer after asking twice: ${out.unreadable} (${left})` });
    return false;
  }
  for (const v of out.verdicts) {
    const item = pending.find((p) => p.path === v.path)?.item ?? v.path;
    log.append({ type: 'note', level: 'info', text: `judge: ${item}: ${v.verdict ? 'yes' : 'no'}, ${v.reason}`, judge: v });
  }
  if (!out.sections) {
    log.append({ type: 'note', level: 'warn', text: 'judge (whole): no readable section status block; the released reward uses the item counts' });
    return false;
  }
  const items = itemSections(log.state);
  log.append({ type: 'note', level: 'info', text: `judge sections: ${sectionsLine(out.sections)}`, judgeSections: out.sections });
  if (sectionsLine(items) !== sectionsLine(out.sections)) {
    log.append({ type: 'note', level: 'warn', text: `judge (whole): its section counts (${sectionsLine(out.sections)}) disagree with the item verdicts (${sectionsLine(items)}); the released reward uses the section counts, as the released code does` });
  }
  return false;
}

/** "the reply reveals none of what the agent asked for: booking reference (booking_id)". */
export function unansweredNote(task: Task, asked: readonly string[]): string {
  const named = asked.map((id) => `${task.user.facts.find((f) => f.id === id)?.description ?? id} (${id})`);
  return `the reply reveals none of what the agent asked for: ${named.join(', ')} (a fact counts when its value is said)`;
}

/** JSONata's $boolean: empty arrays, objects and strings, 0, false and null are false. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(truthy);
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}
