import { forkPoint } from '../adapters/fork.js';
import { readRecording } from '../adapters/recording-file.js';
import { type LoadedTask, loadBundledTasks, resolveTask } from '../adapters/task-files.js';
import { UserError } from '../errors.js';
import { usesJudge } from '../domain/rubric-nodes.js';
import type { Task } from '../domain/task.js';
import { type ModelFlags, requireModel } from '../adapters/model-config.js';
import { loadAgentScript, loadUserScript } from '../adapters/script-files.js';
import { parseRoleSpec, type RoleSpec } from '../roles/role-spec.js';
import { modelKit } from '../adapters/model-kit.js';
import { PlaygroundMcp } from '../serve/mcp-play.js';
import { checkServable } from '../serve/mcp-session.js';
import { packageVersion } from './serve.js';
import { RunCaches } from '../adapters/run-caches.js';
import { type CliIo, interruptedExitCode, NEVER } from '../io.js';
import { rewardFlag } from './reward-flag.js';

export interface PlayFlags {
  task?: string;
  agent?: string;
  user?: string;
  from?: string;
  at?: string;
  recordingsDir: string;
  models: ModelFlags;
  /** `--reward`: the end screen's headline reward. */
  reward?: string;
  /** `--agent mcp`: the port of the playground's MCP endpoint (default 0: a free one, shown). */
  port?: number;
  /** `--tools human`, `--judge human`: a person answers simulated tools / decides judge items. */
  tools?: string;
  judge?: string;
  /** `--pace MS`: when nobody plays, ms between events (default 0). */
  pace?: number;
}

/** `--tools` / `--judge`: `human` is the one value (a model side is set with --tool-model / --judge-model). */
function humanSide(flag: '--tools' | '--judge', value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value !== 'human') throw new UserError(`${flag} ${value}: the one value is human (a model plays it with ${flag === '--tools' ? '--tool-model' : '--judge-model'} M)`);
  return true;
}

const GOLDEN_DIR = 'fixtures/golden';

/** Ink needs a terminal: say so, and point to the headless command. */
function requireTerminal(io: CliIo, what: string, alternative: string): NodeJS.ReadStream {
  if (!io.stdout.isTTY || !io.stdin?.isTTY) {
    throw new UserError(`${what} needs an interactive terminal (stdin and stdout are not a TTY); without one, use: ${alternative}`);
  }
  return io.stdin;
}

/**
 * The environment Ink and React read when they load, set for a person at a terminal:
 * - chalk ignores NO_COLOR; FORCE_COLOR=0 is what it obeys;
 * - with CI set, Ink draws nothing but `<Static>` rows until it exits (a blank screen); a person at a
 *   terminal (checked by requireTerminal) wants the live screen, CI or not;
 * - React's development build keeps about 75 KB per transcript event (debug stacks of every element
 *   rendered) and is slower: production, unless NODE_ENV says otherwise.
 */
export function playEnvironment(env: NodeJS.ProcessEnv): void {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') env.FORCE_COLOR = '0';
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in env) env[name] = 'false';
  env.NODE_ENV ??= 'production';
}

async function loadPlayground(): Promise<typeof import('../ui/play.js')> {
  playEnvironment(process.env);
  return import('../ui/play.js');
}

/** A script role's file is read before the screen opens: a bad one is one line and exit 2. */
function checkScript(spec: RoleSpec, load: (file: string) => unknown): void {
  if (spec.kind === 'script') load(spec.file);
}

/** Who signs the viewer's annotations (`by`): the login name, as git would take it. */
function annotator(io: CliIo): string {
  return io.env.SYNTHAGENT_ANNOTATOR ?? io.env.USER ?? io.env.USERNAME ?? 'someone';
}

/** `synthagent play`: the picker, or straight into a session with --task / --from. */
export async function playCommand(flags: PlayFlags, io: CliIo): Promise<number> {
  const agent = flags.agent ?? 'human';
  const user = flags.user ?? 'sim';
  const reward = rewardFlag(flags.reward);
  const people = { tools: humanSide('--tools', flags.tools), judge: humanSide('--judge', flags.judge) };
  const mcp = agent === 'mcp';
  if (mcp && (flags.from !== undefined || flags.task === undefined)) throw new UserError('play: --agent mcp plays one task from its start: give --task T (not --from)');
  if (!mcp && flags.port !== undefined) throw new UserError('play: --port is for --agent mcp');
  if (!mcp) checkScript(parseRoleSpec('agent', agent), loadAgentScript);
  checkScript(parseRoleSpec('user', user), loadUserScript);
  if (flags.at !== undefined && !flags.from) throw new UserError('play: --at needs --from REC');
  const tasks = loadBundledTasks();
  const kit = modelKit(flags.models);
  const caches = new RunCaches();
  // Say it before the screen opens: a model role with no model configured.
  if (agent === 'model') requireModel(kit.config, 'agent', '--agent model');
  if (user === 'model') requireModel(kit.config, 'user', '--user model');
  let start: import('../ui/App.js').AppProps['start'] = { name: 'picker' };
  if (flags.from) {
    const fork = forkPoint(flags.from, flags.at);
    const loaded: LoadedTask = { task: fork.rec.task, file: flags.from, source: fork.rec.taskSource ?? { file: flags.from } };
    start = { name: 'session', plan: { loaded, agent, user, people, recordingsDir: flags.recordingsDir, fork, kit, caches } };
  } else if (flags.task) {
    const loaded = resolveTask(flags.task);
    const noRoles = [flags.agent, flags.user, flags.tools, flags.judge].every((f) => f === undefined);
    // A bare `play --task T` on a task the defaults cannot finish (simulated tools with no tool model, judge
    // items with no judge model: an imported paper task) opens the role setup, which offers a person there.
    start = noRoles && needsPeople(loaded.task, kit.config.models) ? { name: 'setup', loaded } : { name: 'session', plan: { loaded, agent, user, people, recordingsDir: flags.recordingsDir, kit, caches } };
  }
  if (mcp && start.name === 'session') checkServable(start.plan.loaded.task, start.plan.loaded.file);
  // Bad input is said first, then the terminal is asked for.
  const stdin = requireTerminal(io, 'synthagent play', mcp ? 'synthagent serve --task T --mcp stdio|http' : 'synthagent run --task T --agent reference|script:FILE --user sim|script:FILE');
  // --agent mcp: the outside agent connects over MCP (streamable HTTP; stdio is the terminal's here).
  const endpoint = mcp && start.name === 'session' ? await PlaygroundMcp.start(start.plan.loaded.task, flags.port ?? 0, packageVersion()) : null;
  if (endpoint && start.name === 'session') {
    start.plan.mcp = endpoint;
    io.stdout.write(`MCP endpoint for your agent: ${endpoint.url} (streamable HTTP)\n`);
  }
  const { runPlayground } = await loadPlayground();
  const stop = io.interrupt?.watch() ?? NEVER;
  try {
    await runPlayground({ tasks, recordingsDir: flags.recordingsDir, goldenDir: GOLDEN_DIR, start, kit, caches, reward, annotator: annotator(io), pace: flags.pace }, { stdin, stdout: io.stdout as NodeJS.WriteStream }, stop);
  } finally {
    await endpoint?.close();
  }
  return stop.aborted ? interruptedExitCode(stop) : 0;
}

/** Whether a task has simulated tools and no tool model, or judge items and no judge model, to answer them. */
function needsPeople(task: Task, models: { tool: string | null; judge: string | null }): boolean {
  return (task.tools.some((t) => t.mock.simulate) && !models.tool) || (usesJudge(task) && !models.judge);
}

/** The largest recording `view` opens (`show` reads up to MAX_READ_BYTES). */
export const VIEW_MAX_BYTES = 64 * 2 ** 20;

/** `synthagent view REC`: the replay viewer; `f` forks with --agent/--user (default human and sim). */
export async function viewCommand(file: string | undefined, flags: PlayFlags, io: CliIo): Promise<number> {
  if (!file) throw new UserError('view: give a recording file');
  // The viewer holds the whole session in memory and draws it: a bigger file is refused at once.
  const rec = readRecording(file, VIEW_MAX_BYTES);
  const stdin = requireTerminal(io, 'synthagent view', `synthagent show ${file}`);
  const roles = { agent: flags.agent ?? 'human', user: flags.user ?? 'sim' };
  checkScript(parseRoleSpec('agent', roles.agent), loadAgentScript);
  checkScript(parseRoleSpec('user', roles.user), loadUserScript);
  const { runPlayground } = await loadPlayground();
  // A fork from the viewer is a live session: a kill saves it first, as in play.
  const stop = io.interrupt?.watch() ?? NEVER;
  await runPlayground({ tasks: [], recordingsDir: flags.recordingsDir, goldenDir: GOLDEN_DIR, start: { name: 'viewer', rec, file, roles }, kit: modelKit(flags.models), caches: new RunCaches(), annotator: annotator(io) }, { stdin, stdout: io.stdout as NodeJS.WriteStream }, stop);
  return stop.aborted ? interruptedExitCode(stop) : 0;
}
