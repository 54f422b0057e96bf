import { readFileSync } from 'node:fs';
import type { ModelFlags } from '../adapters/model-config.js';
import { RecordingStore } from '../adapters/recording-store.js';
import { resolveTaskGlob } from '../adapters/task-glob.js';
import { displayPath, type LoadedTask, resolveTask } from '../adapters/task-files.js';
import { UserError } from '../errors.js';
import { HttpEnvironment } from '../serve/http-env.js';
import { listen } from '../serve/listen.js';
import { MCP_PATH, McpHttpHost } from '../serve/mcp-http.js';
import { checkServable, mcpServer } from '../serve/mcp-session.js';
import type { RewardProfile } from '../domain/rewards.js';
import { type CliIo, NEVER, skipNotice } from '../io.js';
import { rewardFlag } from './reward-flag.js';
import { type ServedSession, servedBinding } from '../serve/served-session.js';
import type { SessionResult } from '../domain/recording.js';
import { modelKit } from '../adapters/model-kit.js';
import { RunCaches } from '../adapters/run-caches.js';
import { OutsideAgent } from '../roles/outside-agent.js';
import { parseRoleSpec, type RoleSpec } from '../roles/role-spec.js';
import { assembleSession, type SessionDeps } from '../session/start.js';

export interface ServeFlags {
  task?: string;
  tasks?: string;
  mcp?: string;
  http: boolean;
  port?: number;
  host?: string;
  user?: string;
  token?: string;
  /** Seconds. */
  idle?: number;
  maxSessions?: number;
  reward?: string;
  recordingsDir: string;
  models: ModelFlags;
}

/** A server that is up: where, and how to stop it (every live session is aborted and saved first). */
export interface RunningServer {
  url: string | null;
  /** Resolves when the server has stopped by itself (stdio: the client closed the connection). */
  ended: Promise<void>;
  close: () => Promise<void>;
  liveSessions: () => number;
}

export const DEFAULT_IDLE_S = 300;
export const DEFAULT_MAX_SESSIONS = 1000;

/** The settings a serve command runs with, checked before anything listens (bad ones are UserErrors). */
export interface ServePlan {
  mode: 'stdio' | 'mcp-http' | 'http';
  tasks: LoadedTask[];
  user: RoleSpec;
  host: string;
  port: number;
  token?: string;
  idleMs: number;
  maxSessions: number;
  reward: RewardProfile;
  /** The model kit, caches and recordings store the server's sessions share. */
  deps: SessionDeps & { store: RecordingStore };
}

/** `onSkip` hears of what `--tasks` passes over (a named pipe among the task files). */
export function servePlan(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env, onSkip?: (path: string, why: string) => void): ServePlan {
  const modes = [flags.mcp !== undefined, flags.http].filter(Boolean).length;
  if (modes !== 1) throw new UserError('serve: give one of --mcp stdio, --mcp http or --http (see synthagent serve --help)');
  if (flags.mcp !== undefined && flags.mcp !== 'stdio' && flags.mcp !== 'http') throw new UserError(`serve: --mcp ${flags.mcp}: one of stdio, http`);
  const mode = flags.http ? 'http' : flags.mcp === 'stdio' ? 'stdio' : 'mcp-http';
  if (flags.task !== undefined && flags.tasks !== undefined) throw new UserError('serve: --task and --tasks exclude each other');
  if (mode !== 'http' && flags.tasks !== undefined) throw new UserError('serve: --tasks is for the HTTP environment (--http); an MCP server plays one --task');
  if (mode !== 'http' && flags.task === undefined) throw new UserError('serve: --mcp needs --task T (a task file or a bundled task id)');
  if (mode === 'stdio') {
    for (const f of ['port', 'host', 'token', 'maxSessions'] as const) if (flags[f] !== undefined) throw new UserError(`serve: --${f === 'maxSessions' ? 'max-sessions' : f} is for the HTTP servers, not --mcp stdio`);
  }
  if (mode !== 'http' && flags.reward !== undefined) throw new UserError('serve: --reward is for the HTTP environment (--http); finish answers an MCP client with the whole result');
  const tasks = flags.task !== undefined ? [resolveTask(flags.task)] : resolveTaskGlob(flags.tasks ?? '*', onSkip);
  if (mode !== 'http') checkServable(tasks[0]!.task, displayPath(tasks[0]!.file));
  if (flags.user === 'human') throw new UserError('serve: --user human needs the playground: synthagent play --task T --agent mcp --user human');
  const user = parseRoleSpec('user', flags.user ?? 'sim');
  const deps = { models: modelKit(flags.models), caches: new RunCaches(), store: new RecordingStore(flags.recordingsDir) };
  // A bad user role (a missing script, a model role with no model) is said now, not at the first session.
  assembleSession({ loaded: tasks[0]!, agent: { kind: 'given', role: new OutsideAgent({ kind: 'http' }) }, user, record: null }, deps);
  const reward = rewardFlag(flags.reward);
  const token = flags.token ?? (env.SYNTHAGENT_TOKEN || undefined);
  if (token !== undefined && token.trim() === '') throw new UserError('serve: --token needs a value');
  return {
    mode,
    tasks,
    user,
    host: flags.host ?? '127.0.0.1',
    port: flags.port ?? 0,
    ...(token !== undefined ? { token } : {}),
    idleMs: (flags.idle ?? DEFAULT_IDLE_S) * 1000,
    maxSessions: flags.maxSessions ?? DEFAULT_MAX_SESSIONS,
    reward,
    deps,
  };
}

function userName(spec: RoleSpec): string {
  return spec.kind === 'script' ? `script:${spec.file}` : spec.kind;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Starts the server a plan describes; `log` gets one line per notable thing (stderr in the CLI). */
export async function startServer(plan: ServePlan, log: (line: string) => void, io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream } = { stdin: process.stdin, stdout: process.stdout }): Promise<RunningServer> {
  const version = packageVersion();
  const { tasks, user, deps } = plan;
  const { store } = deps;
  const who = userName(user);
  const onEnd = (session: ServedSession, result: SessionResult): void =>
    log(`session ${session.id}: ${result.end}, score ${result.score.toFixed(2)}${session.recordingError ? ` (${session.recordingError})` : `, ${displayPath(session.file)}`}`);
  if (plan.mode === 'stdio') {
    const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
    const binding = servedBinding({ loaded: tasks[0]!, user, deps, onEnd });
    const server = mcpServer(binding, version);
    const transport = new StdioServerTransport(io.stdin as NodeJS.ReadStream, io.stdout as NodeJS.WriteStream);
    // The SDK does not watch for the end of stdin: a client that goes away ends the session here.
    const ended = new Promise<void>((resolve) => {
      const done = (): void => void binding.closed().then(resolve);
      io.stdin.once('end', done);
      io.stdin.once('close', done);
      server.onclose = done;
    });
    await server.connect(transport);
    log(`serving ${tasks[0]!.task.id} over MCP stdio (user ${who}); recordings in ${displayPath(store.dir)}/`);
    return { url: null, ended, close: () => server.close(), liveSessions: () => 0 };
  }
  if (plan.mode === 'mcp-http') {
    const host = new McpHttpHost({ bind: () => servedBinding({ loaded: tasks[0]!, user, deps, onEnd }), version, idleMs: plan.idleMs, maxSessions: plan.maxSessions, ...(plan.token ? { token: plan.token } : {}) });
    const up = await bind(host.handle, plan);
    log(`serving ${tasks[0]!.task.id} over MCP (streamable HTTP) at ${up.url}${MCP_PATH} (user ${who}); recordings in ${displayPath(store.dir)}/`);
    return { url: `${up.url}${MCP_PATH}`, ended: new Promise(() => undefined), close: async () => (await host.close(), await up.close()), liveSessions: () => host.liveSessions };
  }
  const env = new HttpEnvironment({ tasks, user, deps, idleMs: plan.idleMs, maxSessions: plan.maxSessions, reward: plan.reward, onSessionEnd: onEnd, ...(plan.token ? { token: plan.token } : {}) });
  const up = await bind(env.handle, plan);
  log(`HTTP environment at ${up.url} (${tasks.length} task${tasks.length === 1 ? '' : 's'}, user ${who}, reward ${plan.reward}); recordings in ${displayPath(store.dir)}/`);
  return { url: up.url, ended: new Promise(() => undefined), close: async () => (await env.close(), await up.close()), liveSessions: () => env.liveSessions };
}

async function bind(handler: Parameters<typeof listen>[0], plan: ServePlan): Promise<Awaited<ReturnType<typeof listen>>> {
  try {
    return await listen(handler, plan.host, plan.port);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`serve: port ${plan.port} on ${plan.host} is in use (--port 0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`serve: --host ${plan.host}: not an address of this machine`);
    if (code === 'EACCES') throw new UserError(`serve: port ${plan.port} needs privileges; use a port above 1023`);
    throw err;
  }
}

/** `synthagent serve`: runs until the client leaves (stdio) or Ctrl+C / SIGTERM; live sessions are saved, incomplete. */
export async function serveCommand(flags: ServeFlags, io: CliIo): Promise<number> {
  const plan = servePlan(flags, io.env, skipNotice(io));
  const log = (line: string): void => void io.stderr.write(`synthagent: ${line}\n`);
  // MCP over stdio owns stdout; the transport needs a stream, io.stdout may be a plain writer.
  const stdout = { write: (text: string) => (io.stdout.write(text), true), once: () => undefined } as unknown as NodeJS.WritableStream;
  const server = await startServer(plan, log, { stdin: io.stdin ?? process.stdin, stdout });
  const stop = io.interrupt?.watch() ?? NEVER;
  const stopped = new Promise<string>((resolve) => stop.addEventListener('abort', () => resolve(`stopped by ${String(stop.reason)}`), { once: true }));
  const why = await Promise.race([stopped, server.ended.then(() => 'the client closed the connection')]);
  const live = server.liveSessions();
  await server.close();
  log(`stopped (${why})${live > 0 ? `; ${live} live session${live === 1 ? '' : 's'} saved as incomplete` : ''}`);
  return 0;
}
