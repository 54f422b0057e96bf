import type { LoadedTask } from '../adapters/task-files.js';
import type { Event } from '../domain/events.js';
import type { RoleInfo, SessionResult } from '../domain/recording.js';
import { UserError } from '../errors.js';
import { OutsideAgent, type StepOutcome } from '../roles/outside-agent.js';
import type { AgentAction } from '../roles/role.js';
import type { RoleSpec } from '../roles/role-spec.js';
import { assembleSession, type SessionDeps } from '../session/start.js';
import type { SessionLog } from '../session/session-log.js';
import type { McpBinding } from './mcp-session.js';

/** What a served session is made of: the task, who plays the agent (for the recording), the user role; deps hold the store. */
export interface ServedSessionOptions {
  loaded: LoadedTask;
  agent: RoleInfo;
  /** sim, model or script (a person cannot be served: the playground plays `human`). */
  user: RoleSpec;
  /** The server's model kit, caches and recordings store, shared by its sessions. */
  deps: SessionDeps;
  /** Told when the session has ended and its recording is closed. */
  onEnd?: (session: ServedSession, result: SessionResult) => void;
}

/**
 * One session played by an outside agent, recorded in the store as it goes. The agent's moves arrive
 * through `step`; between them the session runs on its own (the user's replies, tool results, the rubric).
 * Assembled like every other session (session/start.ts), with the outside agent as a given role.
 */
export class ServedSession {
  readonly id: string;
  readonly file: string;
  readonly task: LoadedTask['task'];
  readonly agent: OutsideAgent;
  /** Resolves when the session has ended and its recording is closed. */
  readonly finished: Promise<SessionResult>;
  private readonly controller = new AbortController();
  private log: SessionLog | null = null;
  private saveError: string | null = null;

  /** Starts the session (throws UserError for a user role that cannot be built, before anything runs). */
  constructor(opts: ServedSessionOptions) {
    const { loaded } = opts;
    this.task = loaded.task;
    this.agent = new OutsideAgent(opts.agent);
    const session = assembleSession({ loaded, agent: { kind: 'given', role: this.agent }, user: opts.user, record: 'store' }, opts.deps);
    this.id = session.id;
    this.file = session.file!;
    this.finished = session.run({ signal: this.controller.signal, needsRecording: true, onStart: (log) => (this.log = log) }).then((run) => {
      this.saveError = run.notStarted ?? run.saveError;
      this.agent.close(loaded.task, run.log.events, run.result);
      opts.onEnd?.(this, run.result);
      return run.result;
    });
  }

  /** The opening message, once the session has reached the agent's first turn. */
  opening(): Promise<StepOutcome> {
    return this.agent.opening();
  }

  step(action: AgentAction): Promise<StepOutcome> {
    return this.agent.step(action);
  }

  /** Ends the session now (saved with `complete: false`); resolves with its result. */
  abort(): Promise<SessionResult> {
    this.controller.abort();
    return this.finished;
  }

  get events(): readonly Event[] {
    return this.log?.events ?? [];
  }

  get result(): SessionResult | null {
    return this.agent.result;
  }

  /** Why the recording could not be saved (or created: then nothing ran), if so. */
  get recordingError(): string | null {
    return this.saveError;
  }

  get counts(): { turns: number; toolCalls: number } {
    return { turns: this.log?.state.agentTurns ?? 0, toolCalls: this.log?.state.toolCalls ?? 0 };
  }
}

/** An MCP connection's session, started at its first tool call (see McpBinding). */
export function servedBinding(opts: Omit<ServedSessionOptions, 'agent'>): McpBinding {
  let session: ServedSession | null = null;
  let gone = false;
  return {
    task: opts.loaded.task,
    open(client) {
      if (gone) throw new UserError('the connection has closed');
      if (!session) {
        session = new ServedSession({ ...opts, agent: { kind: 'mcp', client } });
        // The opening message reached the client as the instructions: the first move's answer does not repeat it.
        void session.opening();
      }
      const s = session;
      return { step: (action) => s.step(action), file: s.file };
    },
    async closed() {
      gone = true;
      if (session) await session.abort();
    },
  };
}
