import { RunCaches } from '../adapters/run-caches.js';
import type { Event } from '../domain/events.js';
import { forkLabel, type SessionResult } from '../domain/recording.js';
import type { SessionState } from '../domain/session-state.js';
import { applyEvent, initialState } from '../domain/session-state.js';
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
  /** A watched session (`pace` given) paused by Space: no event shows until `n` or Space again. */
  paused: boolean;
  /** Who decides the judge items at the end (absent: not known, as in a snapshot made elsewhere). */
  judgedBy?: 'person' | 'model' | null;
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
export type ControllerPlan = Omit<SessionPlan, 'humans'> & {
  people?: { tools?: boolean; judge?: boolean };
  /**
   * Only when nobody plays (both sides reference, script or model): the session is watched at this pace, ms
   * between events (0: as fast as it goes), and can be paused and stepped (togglePause, step).
   */
  pace?: number;
};

const live = new Set<SessionController>();

/** At most one screen update per this many ms for a streaming answer, so typing stays quick. */
export const PARTIAL_MS = 50;

/** Ends every running session (a signal: Ctrl+C sent by kill, SIGTERM, SIGHUP) and waits until each is saved. */
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
  constructor({ people, pace, ...plan }: ControllerPlan, deps: SessionDeps = { caches: new RunCaches() }, private readonly gate?: Promise<void>) {
    const humans = {
      agent: this.agentInbox,
      user: this.userInbox,
      ...(people?.tools ? { tools: this.askTool } : {}),
      ...(people?.judge ? { judge: this.askJudge } : {}),
    };
    this.session = assembleSession({ ...plan, humans }, deps);
    this.pace = pace ?? null;
    this.fork = plan.fork && 'rec' in plan.fork ? forkLabel({ id: plan.fork.rec.id, at: plan.fork.at }) : null;
    this.snapshot = {
      events: [],
      state: initialState(this.session.task),
      waiting: null,
      result: null,
      recordingFile: this.session.file,
      saveError: null,
      partial: null,
      asking: null,
      paused: false,
      judgedBy: this.session.judgedBy,
    };
  }

  // ── Watching at a pace ───────────────────────────────────────────────────────────────────────────────
  // The screen shows the log's first `shown` events. A watched session reveals them one by one (every
  // `pace` ms, or one per `n` while paused); the session makes its next move only once all its events
  // show and it is not paused (or a step asks for one), so a model side never runs ahead of the screen.
  private readonly pace: number | null;
  private paused = false;
  private shown = 0;
  private stepWanted = false;
  private tick: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  /** Whether Space and `n` apply: nobody plays, the session is watched. */
  get watched(): boolean {
    return this.pace !== null;
  }

  /** Space: pauses a watched session, or resumes it. */
  togglePause(): void {
    if (!this.watched || this.snapshot.result) return;
    this.paused = !this.paused;
    this.stepWanted = false;
    if (this.tick) clearTimeout(this.tick);
    this.tick = null;
    this.reveal();
    this.publish();
  }

  /** `n` while paused: exactly one more event shows (the session makes its next move when none is waiting). */
  step(): void {
    if (!this.paused || this.snapshot.result || !this.log) return;
    if (this.shown < this.log.events.length) this.shown += 1;
    else this.stepWanted = true;
    this.release();
    this.publish();
  }

  /** Shows what the pace allows now, and schedules the next event. */
  private reveal(): void {
    const log = this.log;
    if (!log || this.pace === null) return;
    const total = log.events.length;
    if (this.controller.signal.aborted || (!this.paused && this.pace === 0)) this.shown = total;
    else if (this.paused && this.stepWanted && this.shown < total) {
      this.shown += 1;
      this.stepWanted = false;
    } else if (!this.paused && this.shown < total && !this.tick) {
      this.tick = setTimeout(() => {
        this.tick = null;
        this.shown = Math.min(this.shown + 1, this.log?.events.length ?? 0);
        this.reveal();
        this.publish();
      }, this.pace);
    }
    this.release();
  }

  /** Lets the session move on when every event shows and it is not paused (or a step waits for a move). */
  private release(): void {
    if (!this.wake || !this.log) return;
    if (this.controller.signal.aborted || (this.shown >= this.log.events.length && (!this.paused || this.stepWanted))) {
      const wake = this.wake;
      this.wake = null;
      wake();
    }
  }

  private acted = false;

  private readonly beforeAct = (): Promise<void> => {
    // What is there before the first move (the task's instruction, a fork's recorded events) shows at once.
    if (!this.acted && this.log) this.shown = Math.max(this.shown, this.log.events.length);
    this.acted = true;
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.release();
      this.publish();
    });
  };

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
    if (this.controller.signal.aborted || this.skipRest) return null;
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

  /** The person's verdict on the judge item asked about; null skips it, and `rest` every item after it too. */
  answerJudge(verdict: HumanVerdict, rest = false): boolean {
    if (verdict === null && rest) this.skipRest = true;
    return this.judgeInbox.submit(verdict);
  }

  /** The person skipped the rest of the judge items: they stay unjudged, unasked. */
  private skipRest = false;

  /** "fork of ID at seq N" for a session forked from a recording, else null. */
  readonly fork: string | null;

  /** Who decides the judge items at the end (a person, a judge model, or nobody): the rubric panel says so. */
  get judgedBy(): 'person' | 'model' | null {
    return this.session.judgedBy;
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
    // A paused, watched session lets go: it ends at once with everything shown.
    this.reveal();
    this.publish();
  }

  /** Until every event of a watched session shows (at its pace, by steps, or at once on Esc). */
  private drained(): Promise<void> {
    const { signal } = this.controller;
    return new Promise<void>((resolve) => {
      const check = (): void => {
        this.reveal();
        if (signal.aborted || !this.log || this.shown >= this.log.events.length) {
          stop();
          signal.removeEventListener('abort', check);
          resolve();
        }
      };
      const stop = this.subscribe(check);
      signal.addEventListener('abort', check, { once: true });
      check();
    });
  }

  private async run(): Promise<SessionResult> {
    const { signal } = this.controller;
    if (this.gate && !signal.aborted) await Promise.race([this.gate, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    const { result, saveError } = await this.session.run({
      signal: this.controller.signal,
      // A model side streams its answer to the screen.
      progress: (side, text) => this.showPartial(side, text),
      ...(this.watched ? { beforeAct: this.beforeAct } : {}),
      onStart: (log) => {
        this.log = log;
        log.subscribe(() => {
          // Whatever a model side was writing has become this event (or a note that it failed).
          this.dropPartial();
          this.reveal();
          this.publish();
        });
      },
    });
    // A fork's recorded events show at once; what a watched session still holds back shows before its end.
    if (this.watched) await this.drained();
    if (this.tick) clearTimeout(this.tick);
    this.tick = null;
    this.paused = false;
    this.snapshot = { ...this.snapshot, result, saveError, paused: false };
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
    const count = log ? (this.watched ? Math.min(this.shown, log.events.length) : log.events.length) : 0;
    const events = log && count !== this.snapshot.events.length ? log.events.slice(0, count) : this.snapshot.events;
    const state = log ? this.stateAfter(log, count) : this.snapshot.state;
    this.snapshot = { ...this.snapshot, state, waiting, events, partial: this.partial, asking: this.asking, paused: this.paused };
    for (const l of this.listeners) l();
  }

  /** The state after the first `count` events: what the card and rubric show while a watched session holds events back. */
  private stateAfter(log: SessionLog, count: number): SessionState {
    if (count >= log.events.length) return log.state;
    const from = this.heldState && this.heldState.count <= count ? this.heldState : { count: 0, state: initialState(this.session.task) };
    let state = from.state;
    for (const e of log.events.slice(from.count, count)) state = applyEvent(state, e);
    this.heldState = { count, state };
    return state;
  }
  private heldState: { count: number; state: SessionState } | null = null;
}
