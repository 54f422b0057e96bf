import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRecording } from '../adapters/recording-file.js';
import { displayPath, type LoadedTask } from '../adapters/task-files.js';
import { agentCard } from '../domain/agent-view.js';
import type { SessionResult } from '../domain/recording.js';
import { headline, type RewardProfile } from '../domain/rewards.js';
import { errorMessage, UserError } from '../errors.js';
import { SessionOverError, type StepOutcome } from '../roles/outside-agent.js';
import { parseStepAction } from './actions.js';
import { checkToken, HttpError, jsonHandler, readJsonBody, sendJson } from './http-json.js';
import { ServedSession } from './served-session.js';
import { parseRoleSpec, type RoleSpec } from '../roles/role-spec.js';
import type { SessionDeps } from '../session/start.js';

export interface HttpEnvOptions {
  /** The tasks a client may ask for, by id. */
  tasks: readonly LoadedTask[];
  /** The user role of a session whose request names none (sim, model or script). */
  user: RoleSpec;
  /** The model kit, caches and recordings store the sessions share. */
  deps: SessionDeps;
  /** `--token`: every route but /health needs `Authorization: Bearer <token>`. */
  token?: string;
  /** A session with no request for this long is aborted (saved, incomplete). */
  idleMs: number;
  /** Live sessions at most; past it POST /sessions answers 503. */
  maxSessions: number;
  reward: RewardProfile;
  /** Told of each session that ended (finished, aborted, idle): for a log line. */
  onSessionEnd?: (session: ServedSession, result: SessionResult) => void;
}

interface Live {
  session: ServedSession;
  timer: NodeJS.Timeout;
  /** Requests being answered: a session waiting on its user for a step is not idle. */
  busy: number;
}

/** An ended session: enough to answer "it has ended" and to find its recording, not its events. */
interface Ended {
  task: string;
  file: string;
  result: SessionResult;
}

/** Ended sessions remembered (oldest forgotten first), so a late step gets 409, not 404. */
const ENDED_KEPT = 10_000;
/** The response header of POST /sessions that carries the new session's id. */
export const SESSION_HEADER = 'x-synthagent-session';
/** Users a request may pick; a script file is the server's to choose (--user), never a client's. */
const REQUEST_USERS = ['sim', 'model'];

/**
 * The Gymnasium-style HTTP environment (SPEC §7). Each session lives in this process only, with its
 * own world and recording; nothing is shared between processes, so several run behind any sticky
 * load balancer. Every failure of a request is a JSON error; nothing a client sends stops the server.
 */
export class HttpEnvironment {
  private readonly live = new Map<string, Live>();
  private readonly ended = new Map<string, Ended>();
  private readonly byId: Map<string, LoadedTask>;
  private closing = false;

  constructor(private readonly opts: HttpEnvOptions) {
    this.byId = new Map(opts.tasks.map((l) => [l.task.id, l]));
  }

  get liveSessions(): number {
    return this.live.size;
  }

  /** The node:http request listener. */
  handle = jsonHandler((req, res) => this.route(req, res));

  /** Aborts every live session and waits until each is saved. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.live.values()].map((l) => l.session.abort()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    if (parts.length === 1 && parts[0] === 'health') {
      allow(method, ['GET']);
      return sendJson(res, 200, { ok: true, sessions: this.live.size, maxSessions: this.opts.maxSessions, tasks: this.byId.size });
    }
    if (parts[0] !== 'sessions' || parts.length > 3 || (parts.length === 3 && parts[2] !== 'step')) {
      throw new HttpError(404, 'not_found', `no route ${method} ${url.pathname} (routes: POST /sessions, POST /sessions/{id}/step, GET|DELETE /sessions/{id}, GET /health)`);
    }
    checkToken(req, this.opts.token);
    if (parts.length === 1) {
      allow(method, ['POST']);
      return this.create(req, res);
    }
    const id = decodeURIComponent(parts[1]!);
    if (parts.length === 3) {
      allow(method, ['POST']);
      return this.step(id, req, res);
    }
    allow(method, ['GET', 'DELETE']);
    return method === 'GET' ? this.show(id, res) : this.remove(id, res);
  }

  private async create(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    if (this.closing) throw new HttpError(503, 'shutting_down', 'the server is shutting down');
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'bad_request', 'the body must be {"task": id, "user"?: "sim"|"model"}');
    const { task, user } = body as { task?: unknown; user?: unknown };
    if (typeof task !== 'string') throw new HttpError(400, 'bad_request', 'task: give the id of a served task (see GET /health for how many there are)');
    const loaded = this.byId.get(task);
    if (!loaded) throw new HttpError(404, 'unknown_task', `task "${task}" is not served here (${this.taskList()})`);
    if (user !== undefined && (typeof user !== 'string' || !REQUEST_USERS.includes(user))) {
      throw new HttpError(400, 'bad_user', `user: one of ${REQUEST_USERS.join(', ')} (or leave it out for the server's --user)`);
    }
    if (this.live.size >= this.opts.maxSessions) {
      throw new HttpError(503, 'too_many_sessions', `${this.live.size} sessions are live (the most this server keeps, --max-sessions); finish or DELETE some, or retry later`, { 'retry-after': '1' });
    }
    let session: ServedSession;
    try {
      const client = req.headers['user-agent'];
      const spec = user === undefined ? this.opts.user : parseRoleSpec('user', user);
      session = new ServedSession({ loaded, agent: { kind: 'http', ...(client ? { client } : {}) }, user: spec, deps: this.opts.deps, onEnd: (s, result) => this.retire(s, result) });
    } catch (err) {
      if (err instanceof UserError) throw new HttpError(400, 'bad_user', err.message);
      throw err;
    }
    const entry: Live = { session, busy: 1, timer: setTimeout(() => this.idle(entry), this.opts.idleMs).unref() };
    this.live.set(session.id, entry);
    try {
      const first = await session.opening();
      if (first.done && session.recordingError) throw new HttpError(500, 'recording_failed', session.recordingError);
      // The id as a header too, for a load balancer that learns stickiness from responses (README: scaling out).
      sendJson(res, 201, { session: session.id, observation: { ...agentCard(session.task), items: first.items }, ...this.answer(session, first) }, { [SESSION_HEADER]: session.id });
    } finally {
      this.rest(entry);
    }
  }

  private async step(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const entry = this.live.get(id);
    if (!entry) throw this.missing(id);
    const action = parseStepAction(body);
    entry.busy++;
    try {
      const out = await entry.session.step(action);
      sendJson(res, 200, { observation: { items: out.items }, ...this.answer(entry.session, out) });
    } catch (err) {
      if (err instanceof SessionOverError) throw new HttpError(409, 'session_done', err.message);
      throw err;
    } finally {
      this.rest(entry);
    }
  }

  /** reward, done and info of an answer: the reward per --reward once done (0 before). */
  private answer(session: ServedSession, out: StepOutcome): { reward: number; done: boolean; info: Record<string, unknown> } {
    const info: Record<string, unknown> = { ...session.counts };
    if (out.result) Object.assign(info, this.summary(out.result, session.file));
    return { reward: out.result ? headline(out.result, this.opts.reward) : 0, done: out.done, info };
  }

  private summary(result: SessionResult, file: string): Record<string, unknown> {
    return { ...result, recording: displayPath(file) };
  }

  private show(id: string, res: ServerResponse): void {
    const entry = this.live.get(id);
    if (entry) {
      entry.timer.refresh();
      return sendJson(res, 200, { session: id, task: entry.session.task.id, done: false, events: entry.session.events, result: null });
    }
    const ended = this.ended.get(id);
    if (!ended) throw this.missing(id);
    // An ended session's only trace is its recording.
    let events: unknown[] = [];
    try {
      events = readRecording(ended.file).events;
    } catch (err) {
      throw new HttpError(410, 'recording_gone', `session ${id} has ended; its recording cannot be read: ${errorMessage(err)}`);
    }
    sendJson(res, 200, { session: id, task: ended.task, done: true, events, result: ended.result, recording: displayPath(ended.file) });
  }

  private async remove(id: string, res: ServerResponse): Promise<void> {
    const entry = this.live.get(id);
    if (entry) {
      const result = await entry.session.abort();
      return sendJson(res, 200, { session: id, done: true, ...this.summary(result, entry.session.file) });
    }
    const ended = this.ended.get(id);
    if (!ended) throw this.missing(id);
    sendJson(res, 200, { session: id, done: true, ...this.summary(ended.result, ended.file) });
  }

  private missing(id: string): HttpError {
    const ended = this.ended.get(id);
    if (ended) return new HttpError(409, 'session_done', `the session has ended (${ended.result.end}); start a new session to play again`);
    return new HttpError(404, 'unknown_session', `no session "${id}" here (sessions live in the process that created them; with several processes, route by session id)`);
  }

  private rest(entry: Live): void {
    entry.busy--;
    if (this.live.get(entry.session.id) === entry) entry.timer.refresh();
  }

  private idle(entry: Live): void {
    if (this.live.get(entry.session.id) !== entry) return;
    if (entry.busy > 0) return void entry.timer.refresh();
    void entry.session.abort();
  }

  private retire(session: ServedSession, result: SessionResult): void {
    const entry = this.live.get(session.id);
    if (entry) clearTimeout(entry.timer);
    this.live.delete(session.id);
    this.ended.set(session.id, { task: session.task.id, file: session.file, result });
    if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value!);
    this.opts.onSessionEnd?.(session, result);
  }

  private taskList(): string {
    const ids = [...this.byId.keys()];
    return ids.length <= 10 ? `served: ${ids.join(', ')}` : `${ids.length} tasks are served, e.g. ${ids.slice(0, 5).join(', ')}`;
  }
}

function allow(method: string, methods: string[]): void {
  if (!methods.includes(method)) throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here (use ${methods.join(' or ')})`, { allow: methods.join(', ') });
}
