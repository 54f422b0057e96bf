import { RunCaches } from '../adapters/run-caches.js';
import type { Event } from '../domain/events.js';
import type { SessionResult } from '../domain/recording.js';
import type { SessionState } from '../domain/session-state.js';
import { initialState } from '../domain/session-state.js';
import { pendingJudgeNodes } from '../domain/score.js';
import type { RubricItem, Task, Tool } from '../domain/task.js';
import type { Judge } from '../roles/role.js';
import type { AskPerson, SimAnswer } from '../roles/model-tool-simulator.js';
import { HumanInbox } from '../roles/human.js';
import type { AgentAction, UserAction } from '../roles/role.js';
import type { SessionLog } from '../session/session-log.js';
import { type AssembledSession, assembleSession, type SessionDeps, type SessionPlan } from '../session/start.js';

/** What the UI renders: a new object whenever anything in it changes (for useSyncExternalStore). */
export interface SessionSnapshot {
  events: readonly Event[];
  state: SessionState;
  /** Which side waits for a person at the keyboard, if any. */
  waiting: 'agent' | 'user' | null;
  result: SessionResult | null;
  recordingFile: string | null;
  saveError: string | null;
  /** The answer a model side is still writing (streamed); gone once the event it leads to is logged. */
  partial: { side: 'agent' | 'user'; text: string } | null;
  /** What the session waits for a person to decide: a simulated tool's answer, or a judge item's verdict. */
  asking: Asking | null;
}

/** A question the session puts to the person at the keyboard (`--tools human`, `--judge human`). */
export type Asking =
  | { kind: 'tool'; tool: Tool; args: unknown; world: Record<string, unknown>; earlier: number }
  | { kind: 'judge'; item: RubricItem; criterion: string; path: string; index: number; of: number };

/** The person's verdict on a judge item, or null to skip it (it stays unjudged). */
export type HumanVerdict = { verdict: boolean; reason: string } | null;

/**
 * A session for the UI: the plan of `assembleSession`, whose `human` sides the controller feeds;
 * `people` says whether a person also answers simulated tools and decides judge items.
 */
export type ControllerPlan = Omit<SessionPlan, 'humans'> & { people?: { tools?: boolean; judge?: boolean } };

const live = new Set<SessionController>();

/** At most one screen update per this many ms for a streaming answer, so typing stays quick. */
export const PARTIAL_MS = 50;

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
  private readonly toolInbox = new HumanInbox<SimAnswer | null>(() => this.publish());
  private readonly judgeInbox = new HumanInbox<HumanVerdict>(() => this.publish());
  private asking: Asking | null = null;
  private started: Promise<SessionResult> | null = null;
  private readonly session: AssembledSession;

  /**
   * Throws UserError on a role that cannot be built, as assembleSession does. `gate`: the session starts
   * once it resolves (an outside agent that has not connected yet); Esc before then ends it unplayed.
   */
  constructor({ people, ...plan }: ControllerPlan, deps: SessionDeps = { caches: new RunCaches() }, private readonly gate?: Promise<void>) {
    const humans = {
      agent: this.agentInbox,
      user: this.userInbox,
      ...(people?.tools ? { tools: this.askTool } : {}),
      ...(people?.judge ? { judge: this.askJudge } : {}),
    };
    this.session = assembleSession({ ...plan, humans }, deps);
    this.snapshot = {
      events: [],
      state: initialState(this.session.task),
      waiting: null,
      result: null,
      recordingFile: this.session.file,
      saveError: null,
      partial: null,
      asking: null,
    };
  }

  /** A person answers a simulated call: the form shows the call, the tool and the world. */
  private readonly askTool: AskPerson = async ({ tool, args, world, earlier }) => {
    this.asking = { kind: 'tool', tool, args, world, earlier: earlier.length };
    try {
      return await this.toolInbox.next(this.controller.signal);
    } finally {
      this.asking = null;
      this.publish();
    }
  };

  /** A person decides a judge item; the items come one by one, counted against those still undecided. */
  private readonly askJudge: Judge = async ({ criterion, item, path }) => {
    if (this.controller.signal.aborted) return null;
    // The items are those undecided when the judging began (the session's loop takes them in that order).
    this.judgeTotal ??= this.log ? pendingJudgeNodes(this.log.state).length : 1;
    const rubricItem = this.session.task.rubric.find((i) => i.id === item);
    if (!rubricItem) return null;
    this.judged += 1;
    this.asking = { kind: 'judge', item: rubricItem, criterion, path, index: this.judged, of: Math.max(this.judged, this.judgeTotal) };
    try {
      return await this.judgeInbox.next(this.controller.signal);
    } catch {
      return null; // aborted: the rest stay unjudged
    } finally {
      this.asking = null;
      this.publish();
    }
  };

  private judged = 0;
  private judgeTotal: number | undefined;

  /** The person's answer to a simulated call (checked against `outputs` by the form); null lets it fall through. */
  answerTool(answer: SimAnswer | null): boolean {
    return this.toolInbox.submit(answer);
  }

  /** The person's verdict on the judge item asked about; null skips it. */
  answerJudge(verdict: HumanVerdict): boolean {
    return this.judgeInbox.submit(verdict);
  }

  get task(): Task {
    return this.session.task;
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
    const { signal } = this.controller;
    if (this.gate && !signal.aborted) await Promise.race([this.gate, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    const { result, saveError } = await this.session.run({
      signal: this.controller.signal,
      // A model side streams its answer to the screen.
      progress: (side, text) => this.showPartial(side, text),
      onStart: (log) => {
        this.log = log;
        log.subscribe(() => {
          // Whatever a model side was writing has become this event (or a note that it failed).
          this.dropPartial();
          this.publish();
        });
      },
    });
    this.snapshot = { ...this.snapshot, result, saveError };
    this.publishNow();
    return result;
  }

  private log: SessionLog | null = null;

  private partial: SessionSnapshot['partial'] = null;
  private partialTimer: NodeJS.Timeout | null = null;
  private partialShownAt = 0;

  /** Keeps the latest text; the screen gets it at most every PARTIAL_MS (leading and trailing). */
  private showPartial(side: 'agent' | 'user', text: string): void {
    this.partial = text ? { side, text } : null;
    if (this.partialTimer) return;
    this.partialTimer = setTimeout(() => {
      this.partialTimer = null;
      this.partialShownAt = Date.now();
      this.publishNow();
    }, Math.max(0, this.partialShownAt + PARTIAL_MS - Date.now()));
  }

  private dropPartial(): void {
    this.partial = null;
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = null;
  }

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
    this.snapshot = { ...this.snapshot, state: log?.state ?? this.snapshot.state, waiting, events, partial: this.partial, asking: this.asking };
    for (const l of this.listeners) l();
  }
}
