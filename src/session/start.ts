/**
 * One way to assemble a session. `run`, batch, the playground, `serve`, synth's reference check and
 * replay all come through here, so a session is built the same way wherever it runs.
 *
 *   const deps: SessionDeps = { models: modelKit(flags.models), caches: new RunCaches(), store };  // once per run
 *   const session = assembleSession({ loaded, agent: parseRoleSpec('agent', 'reference'), user: { kind: 'sim' }, record: 'store' }, deps);
 *   const { log, result, saveError, notStarted } = await session.run({ signal, onStart });
 *
 * In:  the task (`loaded`: its file and source too, for the recording and the simulator cache), a typed
 *      role per side (a `RoleSpec`, or `{ kind: 'given', role }` for a role built elsewhere: replay's
 *      recorded roles, tests), the model kit (config + injected client), the run's caches and the store.
 * Out: the roles, the recording's id and file, and `run()`, which plays the session to its end, records
 *      every event as it happens and saves the result. Nothing else builds roles, simulators or judges.
 *
 * `assembleSession` throws `UserError` for a role that cannot be built (no reference, a bad script file,
 * `human` without an inbox, `model` without a model) before anything runs or is written.
 */
import { dirname, join } from 'node:path';
import type { ForkPoint } from '../adapters/fork.js';
import { newRecordingId } from '../adapters/ids.js';
import { type ModelKit, modelKit } from '../adapters/model-kit.js';
import { requireModel } from '../adapters/model-config.js';
import { recordingHeader } from '../adapters/recording-header.js';
import type { RecordingStore } from '../adapters/recording-store.js';
import type { RunCaches } from '../adapters/run-caches.js';
import type { LoadedTask } from '../adapters/task-files.js';
import type { Event } from '../domain/events.js';
import { agentMoves } from '../domain/fork-events.js';
import type { ToolSimulator } from '../domain/mock-tools.js';
import { usesJudge } from '../domain/rubric-nodes.js';
import type { Task } from '../domain/task.js';
import { type HumanInbox, humanAgent, humanUser } from '../roles/human.js';
import { modelAgent } from '../roles/model-agent.js';
import { JUDGE_CACHE, JUDGE_CACHE_FORMAT, modelJudge, type Verdict } from '../roles/model-judge.js';
import { modelWholeJudge, WHOLE_JUDGE_CACHE, WHOLE_JUDGE_CACHE_FORMAT, type WholeJudge } from '../roles/whole-judge.js';
import { type AskPerson, modelToolSimulator, SIM_CACHE_FORMAT, type SimAnswer } from '../roles/model-tool-simulator.js';
import { modelUser } from '../roles/model-user.js';
import { PAPER_TOOL_TEMPERATURE, paperToolSimulator } from '../roles/paper-tool-simulator.js';
import { paperOpening } from '../domain/verl-origin.js';
import type { AgentAction, AgentRole, Judge, UserAction, UserRole } from '../roles/role.js';
import { headlessAgent, headlessUser, type RoleSpec } from '../roles/role-spec.js';
import { Recorder } from './recorder.js';
import { runSession, type SessionOutcome } from './run-session.js';
import type { SessionLog } from './session-log.js';

/** What a run shares across its sessions: created once per command (or server) and passed in. */
export interface SessionDeps {
  /** Model configuration and client; without it, the environment's configuration and the openai SDK. */
  models?: ModelKit;
  caches: RunCaches;
  /** The recordings folder whose index learns of each recording; null or absent: none. */
  store?: RecordingStore | null;
}

export type AgentSource = RoleSpec | { kind: 'given'; role: AgentRole };
export type UserSource = RoleSpec | { kind: 'given'; role: UserRole };

export interface SessionPlan {
  /** The task; with its file and source when the session is recorded or simulates tools. */
  loaded: LoadedTask | { task: Task; file?: undefined };
  agent: AgentSource;
  user: UserSource;
  /**
   * A fork: the session goes on from the recorded prefix; a reference agent skips the moves it holds.
   * A bare `{ prefix }` restores events that have no parent recording (tests, benchmarks).
   */
  fork?: ForkPoint | { prefix: readonly Event[] } | null;
  /** Where to record: a file, `'store'` (a new file in `deps.store`), or null/absent (nothing is written). */
  record?: { file: string } | 'store' | null;
  /** The recording's id (default: a new one); batch keeps the id of a recording it overwrites. */
  id?: string;
  /**
   * Where a person's moves come from, for `human` sides (the playground); `tools`: a person answers a
   * simulated call that has no cached answer and no tool model (`--tools human`); `judge`: a person
   * decides the `judge` items at the end (`--judge human`), in place of any judge model.
   */
  humans?: { agent?: HumanInbox<AgentAction>; user?: HumanInbox<UserAction>; tools?: AskPerson; judge?: Judge };
  /** The tool simulator and judge; absent: what the task needs and the kit offers; null: none. */
  simulate?: ToolSimulator | null;
  judge?: Judge | null;
  /** A whole-rubric judge (`--judge-mode whole`), asked instead of `judge`; absent: the kit's, when its mode is whole and no `judge` is given. */
  wholeJudge?: WholeJudge | null;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called with the log before the first event (once the recording exists), to subscribe. */
  onStart?: (log: SessionLog) => void;
  /** Stop before the first event when the recording cannot be created (`notStarted` says why); otherwise the session goes on unsaved. */
  needsRecording?: boolean;
  /** A model side's answer as it streams (the TUI shows it). */
  progress?: (side: 'agent' | 'user', textSoFar: string) => void;
  /** Awaited before each move (the playground's pace and pause); see SessionOptions. */
  beforeAct?: () => Promise<void>;
}

export interface SessionRun extends SessionOutcome {
  /** The first error saving the recording, if any (the session itself went on). */
  saveError: string | null;
  /** With `needsRecording`: why the session did not start (its recording could not be created). Nothing ran. */
  notStarted: string | null;
}

export interface AssembledSession {
  readonly id: string;
  readonly task: Task;
  /** The recording's file, or null when nothing is recorded. */
  readonly file: string | null;
  readonly agent: AgentRole;
  readonly user: UserRole;
  readonly simulate: ToolSimulator | undefined;
  readonly judge: Judge | undefined;
  /** Who decides the task's `judge` items at the end: a person (`--judge human`), a judge model, or nobody. */
  readonly judgedBy: 'person' | 'model' | null;
  /** Plays the session to its end (or the signal) and saves it. Never throws for what a role does. */
  run(opts?: RunOptions): Promise<SessionRun>;
}

export function assembleSession(plan: SessionPlan, deps: SessionDeps): AssembledSession {
  const { task } = plan.loaded;
  const taskFile = plan.loaded.file;
  let kit = deps.models;
  const models = (): ModelKit => (kit ??= modelKit({}));
  const agent = buildAgent(plan, taskFile ?? task.id, models);
  const user = buildUser(plan, models);
  const simulate = plan.simulate === undefined ? defaultSimulator(task, taskFile, deps, models, plan.humans?.tools) : (plan.simulate ?? undefined);
  // A person judging (`--judge human`) takes the place of any judge model, item by item.
  const humanJudge = usesJudge(task) ? plan.humans?.judge : undefined;
  const judge = plan.judge === undefined ? (humanJudge ?? defaultJudge(task, deps, models)) : (plan.judge ?? undefined);
  const wholeJudge = humanJudge ? undefined : plan.wholeJudge === undefined ? (plan.judge === undefined ? defaultWholeJudge(task, deps, models) : undefined) : (plan.wholeJudge ?? undefined);

  // A session that is not recorded gets its id only when asked (replay never asks: no random bytes per recording).
  let id = plan.id ?? (plan.record ? newRecordingId(task.id) : null);
  const store = deps.store ?? null;
  const record = plan.record ?? null;
  const file = record === null || id === null ? null : record === 'store' ? (store?.fileFor(id) ?? null) : record.file;
  if (record === 'store' && !store) throw new Error("assembleSession: record: 'store' needs deps.store");
  let recorder: Recorder | null = null;
  if (file) {
    if (plan.loaded.file === undefined) throw new Error('assembleSession: a recorded session needs its task file');
    const header = recordingHeader({ id: id!, loaded: plan.loaded, file, fork: plan.fork && 'rec' in plan.fork ? plan.fork : null, roles: { agent: agent.info, user: user.info } });
    recorder = new Recorder(file, header, store);
  }

  const run = async (opts: RunOptions = {}): Promise<SessionRun> => {
    // The caller's signal is enough unless this run may have to stop on its own (a recording that
    // cannot be created); a controller and a listener per session cost replay measurably.
    const controller = opts.signal && !opts.needsRecording ? null : new AbortController();
    const signal = controller?.signal ?? opts.signal!;
    const abort = (): void => controller?.abort();
    if (controller && opts.signal?.aborted) abort();
    if (controller) opts.signal?.addEventListener('abort', abort, { once: true });
    let notStarted: string | null = null;
    try {
      const outcome = await runSession({
        task,
        agent,
        user,
        simulate,
        judge,
        wholeJudge,
        prefix: plan.fork?.prefix,
        evaluate: deps.caches.expressions.evaluate,
        signal,
        progress: opts.progress,
        beforeAct: opts.beforeAct,
        onStart: (log) => {
          recorder?.attach(log);
          // A recording that cannot even be created (a bad --record path): stop before anything runs.
          if (opts.needsRecording && recorder?.error) {
            notStarted = recorder.error;
            return abort();
          }
          opts.onStart?.(log);
        },
      });
      if (notStarted !== null) return { ...outcome, saveError: null, notStarted };
      const saveError = recorder?.close(outcome.result, outcome.result.end !== 'aborted') ?? null;
      return { ...outcome, saveError, notStarted: null };
    } finally {
      if (controller) opts.signal?.removeEventListener('abort', abort);
    }
  };
  const judgedBy = !usesJudge(task) ? null : humanJudge && judge === humanJudge ? 'person' : judge || wholeJudge ? 'model' : null;
  return {
    get id(): string {
      return (id ??= newRecordingId(task.id));
    },
    task,
    file,
    agent,
    user,
    simulate,
    judge,
    judgedBy,
    run,
  };
}

function buildAgent(plan: SessionPlan, taskFile: string, models: () => ModelKit): AgentRole {
  // With --prompts paper, the model agent opens with the paper's phrasing of the task and ends on <answer>.
  const model = (client: ModelKit['client'], name: string): AgentRole =>
    modelAgent(client, name, models().config.prompts === 'paper' ? { opening: paperOpening(plan.loaded.task) } : undefined);
  return buildRole(plan.agent, 'agent', plan.humans?.agent, humanAgent, model, models, (spec) =>
    headlessAgent(spec, plan.loaded.task, taskFile, agentMoves(plan.fork?.prefix)),
  );
}

function buildUser(plan: SessionPlan, models: () => ModelKit): UserRole {
  const model = (client: ModelKit['client'], name: string): UserRole => modelUser(client, name, models().config.prompts);
  return buildRole(plan.user, 'user', plan.humans?.user, humanUser, model, models, headlessUser);
}

/** A role from its spec: given as is, a person behind an inbox, a model, or one that needs neither. */
function buildRole<R, A>(
  source: RoleSpec | { kind: 'given'; role: R },
  side: 'agent' | 'user',
  inbox: HumanInbox<A> | undefined,
  human: (inbox: HumanInbox<A>) => R,
  model: (client: ModelKit['client'], name: string) => R,
  models: () => ModelKit,
  headless: (spec: RoleSpec) => R,
): R {
  if (source.kind === 'given') return source.role;
  if (source.kind === 'human' && inbox) return human(inbox);
  if (source.kind === 'model') {
    const kit = models();
    return model(kit.client, requireModel(kit.config, side, `--${side} model`));
  }
  return headless(source);
}

/** `simulate` tools: answers cached next to the task (`<id>.simcache`), written by the tool model when one is set, else by a person when one answers. */
function defaultSimulator(task: Task, taskFile: string | undefined, deps: SessionDeps, models: () => ModelKit, ask?: AskPerson): ToolSimulator | undefined {
  if (taskFile === undefined || !task.tools.some((t) => t.mock.simulate)) return undefined;
  const kit = models();
  const model = kit.config.models.tool;
  const cache = deps.caches.keyed<SimAnswer>(join(dirname(taskFile), `${task.id}.simcache`), SIM_CACHE_FORMAT);
  const { prompts, toolTemperature } = kit.config;
  // With no tool model, a person answering (`--tools human`) is the same whatever the prompts.
  if (prompts === 'paper' && model) return paperToolSimulator(cache, kit.client, model, toolTemperature ?? PAPER_TOOL_TEMPERATURE);
  return modelToolSimulator(cache, model ? kit.client : null, model, undefined, { temperature: toolTemperature, ask });
}

/** A model judge, when the rubric has `judge` checks and a judge model is set (otherwise they stay unjudged). */
function defaultJudge(task: Task, deps: SessionDeps, models: () => ModelKit): Judge | undefined {
  if (!usesJudge(task)) return undefined;
  const kit = models();
  if (kit.config.judgeMode === 'whole') return undefined;
  const model = kit.config.models.judge;
  return model ? modelJudge(kit.client, model, deps.caches.keyed<Verdict>(JUDGE_CACHE, JUDGE_CACHE_FORMAT)) : undefined;
}

/** With `--judge-mode whole`: one judgment of the whole rubric per session, answers cached in `.synthagent/whole-judge-cache.json`. */
function defaultWholeJudge(task: Task, deps: SessionDeps, models: () => ModelKit): WholeJudge | undefined {
  if (!usesJudge(task)) return undefined;
  const kit = models();
  const model = kit.config.models.judge;
  if (kit.config.judgeMode !== 'whole' || !model) return undefined;
  return modelWholeJudge(kit.client, model, deps.caches.keyed<string>(WHOLE_JUDGE_CACHE, WHOLE_JUDGE_CACHE_FORMAT));
}
