import { type AgentViewItem, agentView } from '../domain/agent-view.js';
import type { EndReason, Event } from '../domain/events.js';
import type { RoleInfo, SessionResult } from '../domain/recording.js';
import type { Task } from '../domain/task.js';
import type { AgentAction, AgentRole } from './role.js';

/** What the outside agent sees after an action (SPEC §7 "observation"): the user's words and tool results, never its own moves. */
export type ObservationItem =
  | { type: 'user_message'; text: string }
  | { type: 'tool_result'; callId: string; tool: string; ok: true; result: unknown }
  | { type: 'tool_result'; callId: string; tool: string; ok: false; error: unknown };

/** The answer to one action: what came back, and whether the session is over (then its result). */
export interface StepOutcome {
  items: ObservationItem[];
  done: boolean;
  result: SessionResult | null;
}

/** A move sent after the session ended. The caller tells its client so (MCP: an error result; HTTP: 409). */
export class SessionOverError extends Error {
  override name = 'SessionOverError';
  constructor(readonly end: EndReason) {
    super(`the session has ended (${end}); start a new session to play again`);
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * An agent whose moves come from outside this process (an MCP client, an HTTP trainer): the session
 * asks `act` as for any agent, and the server pushes each move with `step`, which answers once the
 * turn is back with the agent (or the session is over). Moves are taken one at a time, in the order
 * they arrive, so parallel tool calls of a client are run one after another.
 */
export class OutsideAgent implements AgentRole {
  private turn = deferred();
  private pending: { resolve: (action: AgentAction) => void } | null = null;
  /** The agent's view as of the last turn (or the end); `seen` of its items were already answered. */
  private items: readonly AgentViewItem[] = [];
  private seen = 0;
  private ended: SessionResult | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(public info: RoleInfo) {}

  act(view: { items: readonly AgentViewItem[] }, ctx: { signal: AbortSignal }): Promise<AgentAction> {
    this.items = view.items;
    return new Promise<AgentAction>((resolve, reject) => {
      if (ctx.signal.aborted) return reject(new Error('aborted'));
      ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      this.pending = { resolve };
      this.turn.resolve();
    });
  }

  /** The session is over: `events` is its whole log (what the agent had not seen yet is the last answer). */
  close(task: Task, events: readonly Event[], result: SessionResult): void {
    this.items = agentView(task, events).items;
    this.ended = result;
    this.turn.resolve();
  }

  get result(): SessionResult | null {
    return this.ended;
  }

  /** What the agent sees first: the opening message (and a fork's history), once it is the agent's turn. */
  opening(): Promise<StepOutcome> {
    return this.serial(async () => {
      await this.turn.promise;
      return this.outcome();
    });
  }

  /** Plays one move; rejects with SessionOverError when the session has already ended. */
  step(action: AgentAction): Promise<StepOutcome> {
    return this.serial(async () => {
      await this.turn.promise;
      if (this.ended) throw new SessionOverError(this.ended.end);
      // Anything not yet answered (a turn reached before this move) is part of this move's answer.
      const pending = this.pending!;
      this.pending = null;
      this.turn = deferred();
      pending.resolve(action);
      await this.turn.promise;
      return this.outcome();
    });
  }

  private outcome(): StepOutcome {
    const fresh = this.items.slice(this.seen);
    this.seen = this.items.length;
    return { items: observationItems(fresh, this.items), done: this.ended !== null, result: this.ended };
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.chain.then(run);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** The part of the view the agent did not make itself; tool results name their tool (found in `all`). */
export function observationItems(fresh: readonly AgentViewItem[], all: readonly AgentViewItem[]): ObservationItem[] {
  const out: ObservationItem[] = [];
  for (const item of fresh) {
    if (item.kind === 'user') out.push({ type: 'user_message', text: item.text });
    else if (item.kind === 'tool_result') {
      const call = all.find((c) => c.kind === 'tool_call' && c.callId === item.callId);
      const tool = call?.kind === 'tool_call' ? call.tool : '';
      out.push(item.ok ? { type: 'tool_result', callId: item.callId, tool, ok: true, result: item.result ?? null } : { type: 'tool_result', callId: item.callId, tool, ok: false, error: item.error });
    }
  }
  return out;
}
