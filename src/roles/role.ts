import type { AgentView } from '../domain/agent-view.js';
import type { Event } from '../domain/events.js';
import type { RoleInfo } from '../domain/recording.js';
import type { Task } from '../domain/task.js';

/** What an agent does on its turn: call a tool (keeps the turn), say something (user's turn), or finish. */
export type AgentAction =
  | { type: 'call'; tool: string; args: unknown; callId?: string }
  /** Parallel tool calls: all are logged, then run in order and their results logged. */
  | { type: 'calls'; calls: { tool: string; args: unknown }[] }
  | { type: 'say'; text: string }
  | { type: 'finish'; text?: string };

/** What a user does on its turn. */
export type UserAction = { type: 'say'; text: string } | { type: 'stop' };

/** Passed to every act: cancellation, and a way to leave a note in the log (retries, fallbacks). */
export interface ActContext {
  signal: AbortSignal;
  note: (level: 'info' | 'warn' | 'error', text: string) => void;
  /**
   * The answer so far while a model side is still writing it, for a UI to show; never logged. Set by
   * the TUI only: without it model roles ask for whole answers, as headless runs always have.
   */
  progress?: (textSoFar: string) => void;
}

export interface AgentRole {
  readonly info: RoleInfo;
  act(view: AgentView, ctx: ActContext): Promise<AgentAction>;
}

/** The user side sees everything the user knows: the whole task and the log. */
export interface UserTurn {
  task: Task;
  events: readonly Event[];
  /** The agent message this turn answers. */
  agentText: string;
  revealed: ReadonlySet<string>;
}

export interface UserRole {
  readonly info: RoleInfo;
  act(turn: UserTurn, ctx: ActContext): Promise<UserAction>;
}

/** A judge's verdict on one criterion over the transcript, or null when it cannot decide. */
export type Judge = (request: { criterion: string; item: string; path: string; events: readonly Event[] }) => Promise<{ verdict: boolean; reason: string } | null>;
