import type { RecordingHeader } from '../adapters/recording-file.js';
import type { RecordingStore } from '../adapters/recording-store.js';
import type { Event } from '../domain/events.js';
import type { SessionResult } from '../domain/recording.js';
import type { SessionState } from '../domain/session-state.js';
import { initialState } from '../domain/session-state.js';
import type { Task } from '../domain/task.js';
import { HumanInbox, humanAgent, humanUser } from '../roles/human.js';
import type { AgentAction, AgentRole, UserAction, UserRole } from '../roles/role.js';
import { Recorder } from '../session/recorder.js';
import { type Judge, runSession } from '../session/run-session.js';
import type { ToolSimulator } from '../domain/mock-tools.js';
import type { SessionLog } from '../session/session-log.js';

/** What the UI renders: a new object whenever anything in it changes (for useSyncExternalStore). */
export interface SessionSnapshot {
  events: readonly Event[];
  state: SessionState;
  /** Which side waits for a person at the keyboard, if any. */
  waiting: 'agent' | 'user' | null;
  result: SessionResult | null;
  recordingFile: string | null;
  saveError: string | null;
}

export type RoleChoice<R> = { human: true } | { human: false; role: R };

export interface ControllerOptions {
  task: Task;
  agent: RoleChoice<AgentRole>;
  user: RoleChoice<UserRole>;
  /** Where to record; null records nothing (tests). */
  recording: { file: string; header: RecordingHeader; store: RecordingStore | null } | null;
  prefix?: readonly Event[];
  simulate?: ToolSimulator;
  judge?: Judge;
}

const live = new Set<SessionController>();

/** Ends every running session (SIGTERM, SIGHUP) and waits until each is saved. */
export async function abortLiveSessions(): Promise<void> {
  await Promise.all([...live].map((c) => (c.abort(), c.start())));
}

/** Runs one session for the UI: human moves come in through submit*, every change is published. */
export class SessionController {
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly controller = new AbortController();
  private readonly agentInbox = new HumanInbox<AgentAction>(() => this.publish());
  private readonly userInbox = new HumanInbox<UserAction>(() => this.publish());
  private started: Promise<SessionResult> | null = null;

  constructor(private readonly opts: ControllerOptions) {
    this.snapshot = {
      events: [],
      state: initialState(opts.task),
      waiting: null,
      result: null,
      recordingFile: opts.recording?.file ?? null,
      saveError: null,
    };
  }

  get task(): Task {
    return this.opts.task;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  /** Starts the session once; resolves with its result. */
  start(): Promise<SessionResult> {
    if (!this.started) {
      this.started = this.run();
      live.add(this);
      void this.started.finally(() => live.delete(this));
    }
    return this.started;
  }

  submitAgent(action: AgentAction): boolean {
    return this.agentInbox.submit(action);
  }

  submitUser(action: UserAction): boolean {
    return this.userInbox.submit(action);
  }

  /** Ends the session now (Esc, Ctrl+C): it is saved, marked incomplete. */
  abort(): void {
    this.controller.abort();
  }

  private async run(): Promise<SessionResult> {
    const { task, recording } = this.opts;
    const agent = this.opts.agent.human ? humanAgent(this.agentInbox) : this.opts.agent.role;
    const user = this.opts.user.human ? humanUser(this.userInbox) : this.opts.user.role;
    const recorder = recording ? new Recorder(recording.file, { ...recording.header, roles: { agent: agent.info, user: user.info } }, recording.store) : null;
    const { result } = await runSession({
      task,
      agent,
      user,
      signal: this.controller.signal,
      prefix: this.opts.prefix,
      simulate: this.opts.simulate,
      judge: this.opts.judge,
      onStart: (log) => {
        this.log = log;
        recorder?.attach(log);
        log.subscribe(() => this.publish());
      },
    });
    const saveError = recorder?.close(result, result.end !== 'aborted') ?? null;
    this.snapshot = { ...this.snapshot, result, saveError };
    this.publishNow();
    return result;
  }

  private log: SessionLog | null = null;

  private pending = false;

  /** Coalesces the updates of one tick (restoring a fork's 2,000 events is one screen update, not 2,000). */
  private publish(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.publishNow();
    });
  }

  private publishNow(): void {
    const waiting = this.agentInbox.waiting ? 'agent' : this.userInbox.waiting ? 'user' : null;
    const log = this.log;
    // A new array only when the log grew: <Static> renders rows by array identity and length.
    const events = log && log.events.length !== this.snapshot.events.length ? log.events.slice() : this.snapshot.events;
    this.snapshot = { ...this.snapshot, state: log?.state ?? this.snapshot.state, waiting, events };
    for (const l of this.listeners) l();
  }
}
