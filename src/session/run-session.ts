import { agentViewItem, type AgentView, type AgentViewItem } from '../domain/agent-view.js';
import type { EndReason, Event } from '../domain/events.js';
import { evaluateJsonata } from '../domain/jsonata-eval.js';
import { detectAsks, detectReveals } from '../domain/messages.js';
import { resolveToolCall, type ToolSimulator } from '../domain/mock-tools.js';
import type { SessionResult } from '../domain/recording.js';
import { resultOf, settleWorldChecks, worldCheckNodes } from '../domain/score.js';
import { limitsOf, type Task } from '../domain/task.js';
import { isQuestion } from '../domain/text-match.js';
import { errorMessage } from '../errors.js';
import type { ActContext, AgentRole, UserRole } from '../roles/role.js';
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
}

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
  const log = new SessionLog(task);
  opts.onStart?.(log);
  const signal = opts.signal ?? new AbortController().signal;
  const ctx: ActContext = { signal, note: (level, text) => void log.append({ type: 'note', level, text }) };
  const limits = limitsOf(task);
  // The agent's view, kept in step with the log by the one per-event mapping of agentView().
  const items: AgentViewItem[] = [];
  const view = (): AgentView => ({
    system: task.system ?? null,
    tools: task.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
    items,
  });
  let lastAgentText = '';
  log.subscribe((e) => {
    items.push(...agentViewItem(e));
    if (e.type === 'agent_message') lastAgentText = e.text;
  });

  const guard = (): void => {
    if (signal.aborted) throw new Ended('aborted');
  };
  // Scripted roles and mocks answer without touching the event loop; yield to it on each move so that
  // signals (Ctrl+C) and timers are handled even in a long scripted session.
  const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  const agentTurn = async (): Promise<void> => {
    if (log.state.agentTurns >= limits.maxTurns) throw new Ended('max_turns');
    for (;;) {
      await breathe();
      guard();
      const action = await agent.act(view(), ctx);
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
      if (log.state.toolCalls >= limits.maxToolCalls) throw new Ended('max_tool_calls');
      const callId = action.callId ?? `call-${log.state.toolCalls + 1}`;
      log.append({ type: 'tool_call', callId, tool: action.tool, args: action.args ?? {} });
      const outcome = await resolveToolCall({ task, world: log.state.world, tool: action.tool, args: action.args ?? {}, simulate: opts.simulate });
      log.append(outcome.ok ? { type: 'tool_result', callId, ...outcome } : { type: 'tool_result', callId, ...outcome });
    }
  };

  const userTurn = async (agentText: string): Promise<void> => {
    guard();
    const reply = await user.act({ task, events: log.events, agentText, revealed: log.state.revealed }, ctx);
    guard();
    if (reply.type === 'stop') throw new Ended('user_stopped');
    log.append({ type: 'user_message', text: reply.text, reveals: detectReveals(task, reply.text) });
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
    else if (signal.aborted) reason = 'aborted';
    else {
      log.append({ type: 'note', level: 'error', text: `session error: ${errorMessage(err)}` });
      reason = 'error';
    }
  }
  return { log, result: await finishSession(log, reason) };
}

/** Settles `world` checks on the final world, records their hits, then the `end` event. */
export async function finishSession(log: SessionLog, reason: EndReason): Promise<SessionResult> {
  const values = new Map<string, boolean>();
  for (const node of worldCheckNodes(log.state)) {
    const out = await evaluateJsonata(node.query, { world: log.state.world });
    values.set(node.path, out.ok && truthy(out.value));
    if (!out.ok) log.append({ type: 'note', level: 'warn', text: `rubric world check failed: ${out.error}` });
  }
  log.settle((s) => settleWorldChecks(s, values));
  log.appendHits();
  log.append({ type: 'end', reason });
  return resultOf(log.state, reason);
}

/** JSONata's $boolean: empty arrays, objects and strings, 0, false and null are false. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(truthy);
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}
