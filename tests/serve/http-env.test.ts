import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { bundledTaskFiles } from '../../src/adapters/task-files.js';
import type { SessionResult } from '../../src/domain/recording.js';
import { HttpEnvironment, type HttpEnvOptions } from '../../src/serve/http-env.js';
import { type Listening, listen } from '../../src/serve/listen.js';
import type { ServedSession } from '../../src/serve/served-session.js';
import { useTempDirs } from '../helpers/cli.js';
import { bundled, planFor } from '../helpers/serve.js';

const tempDir = useTempDirs('synthagent-env-');
const open: { env: HttpEnvironment; up: Listening }[] = [];
afterEach(async () => {
  for (const { env, up } of open.splice(0)) {
    await env.close();
    await up.close();
  }
});

interface Env {
  url: string;
  env: HttpEnvironment;
  /** Resolves when the session with this id has ended (or at once, when it already has). */
  endOf: (id: string) => Promise<{ session: ServedSession; result: SessionResult }>;
}

async function environment(flags: Parameters<typeof planFor>[1] = {}, over: Partial<HttpEnvOptions> = {}): Promise<Env> {
  const plan = planFor(tempDir(), { http: true, ...flags });
  type Ended = { session: ServedSession; result: SessionResult };
  const ended = new Map<string, Ended>();
  const waiters = new Map<string, (e: Ended) => void>();
  const env = new HttpEnvironment({
    tasks: plan.tasks,
    user: plan.user,
    deps: plan.deps,
    idleMs: plan.idleMs,
    maxSessions: plan.maxSessions,
    reward: plan.reward,
    ...(plan.token ? { token: plan.token } : {}),
    onSessionEnd: (session, result) => {
      ended.set(session.id, { session, result });
      waiters.get(session.id)?.({ session, result });
    },
    ...over,
  });
  const up = await listen(env.handle, '127.0.0.1', 0);
  open.push({ env, up });
  const endOf = (id: string): Promise<Ended> => new Promise((resolve) => (ended.has(id) ? resolve(ended.get(id)!) : waiters.set(id, resolve)));
  return { url: up.url, env, endOf };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, json: await res.json() };
}

/** A reference step as an environment action. */
function action(step: { say: string } | { call: string; args?: unknown } | { finish?: string }): unknown {
  if ('say' in step) return { say: step.say };
  if ('call' in step) return { call: step.call, args: step.args ?? {} };
  return step.finish ? { finish: step.finish } : { finish: null };
}

/** Plays a task's reference as a trainer would: create, step until done. Returns the last answer. */
async function playReference(url: string, taskId: string): Promise<{ reward: number; done: boolean; info: any; steps: number }> {
  const created = await post(`${url}/sessions`, { task: taskId });
  expect(created.status).toBe(201);
  const id = created.json.session as string;
  let last: any = null;
  let steps = 0;
  for (const step of [...bundled(taskId).reference!, { finish: '' }]) {
    const out = await post(`${url}/sessions/${id}/step`, { action: action(step) });
    expect(out.status, JSON.stringify(out.json)).toBe(200);
    last = out.json;
    steps++;
    if (last.done) break;
  }
  return { ...last, steps };
}

describe('the HTTP environment', () => {
  it('plays 50 concurrent sessions (every bundled task with a reference), each completes with reward 1 and its own recording', async () => {
    const { url, env } = await environment();
    const ids = bundledTaskFiles().map((f) => f.id).filter((id) => bundled(id).reference);
    const runs = await Promise.all(Array.from({ length: 50 }, (_, i) => playReference(url, ids[i % ids.length]!)));
    expect(runs.every((r) => r.done && r.reward === 1 && r.info.passed === true && r.info.end === 'agent_finished')).toBe(true);
    const files = new Set(runs.map((r) => r.info.recording as string));
    expect(files.size).toBe(50);
    for (const file of files) expect(readRecording(file)).toMatchObject({ complete: true, roles: { agent: { kind: 'http' } } });
    expect(env.liveSessions).toBe(0);
    // No bound on time: a loaded machine takes several times longer (3.6 s idle, 17 s beside other suites).
  }, 120_000);

  it('the first observation is the policy, the tools and the opening message; a step answers what the agent may see', async () => {
    const { url } = await environment({ task: 'travel-rebook' });
    const task = bundled('travel-rebook');
    const res = await fetch(`${url}/sessions`, { method: 'POST', body: JSON.stringify({ task: 'travel-rebook' }) });
    const created = { status: res.status, json: (await res.json()) as any };
    expect(res.headers.get('x-synthagent-session')).toBe(created.json.session);
    expect(created.json).toMatchObject({ observation: { system: task.system, items: [{ type: 'user_message', text: task.instruction }] }, reward: 0, done: false });
    expect(created.json.observation.tools.map((t: { name: string }) => t.name)).toEqual(task.tools.map((t) => t.name));
    expect(JSON.stringify(created.json)).not.toContain(task.fullInstruction);
    const out = await post(`${url}/sessions/${created.json.session}/step`, { action: { call: 'get_booking', args: { booking_id: 'BK-4411' } } });
    expect(out.json).toMatchObject({ observation: { items: [{ type: 'tool_result', callId: 'call-1', tool: 'get_booking', ok: true }] }, reward: 0, done: false, info: { toolCalls: 1 } });
    const events = (await (await fetch(`${url}/sessions/${created.json.session}`)).json()) as { events: { type: string }[] };
    expect(events.events.map((e: { type: string }) => e.type).filter((t: string) => t !== 'rubric_hit')).toEqual(['user_message', 'tool_call', 'tool_result']);
  });

  it('--reward released reports the released reward when done', async () => {
    const { url } = await environment({ reward: 'released' });
    const out = await playReference(url, 'travel-rebook');
    expect(out.done).toBe(true);
    expect(out.info.rewards.paper).toBe(1);
    expect(out.reward).toBe(out.info.rewards.released);
  });

  it('faults: malformed JSON, a bad action, an unknown session or task, a step after done, wrong method or route: 4xx JSON errors, and the server goes on', async () => {
    const { url } = await environment();
    expect(await post(`${url}/sessions`, '{"task": ')).toMatchObject({ status: 400, json: { error: { code: 'bad_json' } } });
    expect(await post(`${url}/sessions`, { task: 'no-such-task' })).toMatchObject({ status: 404, json: { error: { code: 'unknown_task' } } });
    expect(await post(`${url}/sessions`, { task: 'travel-rebook', user: 'script:/etc/passwd' })).toMatchObject({ status: 400, json: { error: { code: 'bad_user' } } });
    expect(await post(`${url}/sessions/nope/step`, { action: { say: 'hi' } })).toMatchObject({ status: 404, json: { error: { code: 'unknown_session' } } });
    const { json } = await post(`${url}/sessions`, { task: 'travel-rebook' });
    const step = `${url}/sessions/${json.session}/step`;
    expect(await post(step, '[1,')).toMatchObject({ status: 400, json: { error: { code: 'bad_json' } } });
    expect(await post(step, { say: 'no action wrapper' })).toMatchObject({ status: 400, json: { error: { code: 'bad_request' } } });
    expect(await post(step, { action: { call: 'get_booking', args: [1] } })).toMatchObject({ status: 400, json: { error: { code: 'bad_action', message: expect.stringContaining('action.args') } } });
    expect(await post(step, { action: { say: 'x', extra: 1 } })).toMatchObject({ status: 400, json: { error: { code: 'bad_action', message: expect.stringContaining('"extra"') } } });
    expect(await post(step, 'x'.repeat(2 * 1024 * 1024))).toMatchObject({ status: 413, json: { error: { code: 'body_too_large' } } });
    expect((await fetch(`${url}/sessions/${json.session}/step`)).status).toBe(405);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
    expect(await post(step, { action: { finish: 'bye' } })).toMatchObject({ status: 200, json: { done: true, info: { end: 'agent_finished' } } });
    expect(await post(step, { action: { say: 'one more thing' } })).toMatchObject({ status: 409, json: { error: { code: 'session_done', message: expect.stringContaining('agent_finished') } } });
    // The ended session is still there to read, from its recording.
    const ended = await (await fetch(`${url}/sessions/${json.session}`)).json();
    expect(ended).toMatchObject({ done: true, result: { end: 'agent_finished' } });
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('arguments nested 5,000 deep: an invalid-arguments result the session goes on from; the recording reads back', async () => {
    const { url, endOf } = await environment({ task: 'travel-rebook' });
    const { json } = await post(`${url}/sessions`, { task: 'travel-rebook' });
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const out = await post(`${url}/sessions/${json.session}/step`, `{"action": {"call": "get_booking", "args": {"booking_id": ${deep}}}}`);
    expect(out.status, JSON.stringify(out.json).slice(0, 300)).toBe(200);
    expect(out.json.observation.items).toMatchObject([{ type: 'tool_result', ok: false, error: 'invalid arguments for get_booking: booking_id[0][0][0][0][0]…: nested deeper than 64 levels' }]);
    const events = (await (await fetch(`${url}/sessions/${json.session}`)).json()) as { events: { type: string }[] };
    expect(events.events.find((e: { type: string }) => e.type === 'tool_call')).toMatchObject({ args: `{"booking_id":${deep}}` });
    expect(await post(`${url}/sessions/${json.session}/step`, { action: { finish: 'bye' } })).toMatchObject({ status: 200, json: { done: true } });
    const { session } = await endOf(json.session);
    expect(readRecording(session.file).events.find((e) => e.type === 'tool_result')).toMatchObject({ ok: false, via: 'invalid' });
  });

  it('--token: a missing or wrong token is 401; /health stays open', async () => {
    const { url } = await environment({ token: 's3cret' });
    expect(await post(`${url}/sessions`, { task: 'travel-rebook' })).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    expect(await post(`${url}/sessions`, { task: 'travel-rebook' }, { authorization: 'Bearer wrong' })).toMatchObject({ status: 401, json: { error: { message: 'wrong token' } } });
    expect((await post(`${url}/sessions`, { task: 'travel-rebook' }, { authorization: 'Bearer s3cret' })).status).toBe(201);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('a client that disconnects mid-request and never comes back: the server goes on, the session is aborted when idle and saved incomplete', async () => {
    const { url, endOf } = await environment({}, { idleMs: 50 });
    const { json } = await post(`${url}/sessions`, { task: 'travel-rebook' });
    // Half a request body, then the socket goes away.
    await new Promise<void>((resolve) => {
      const req = request(`${url}/sessions/${json.session}/step`, { method: 'POST', headers: { 'content-length': '100' } });
      req.on('error', () => resolve());
      req.write('{"action": {"say"', () => req.destroy());
      req.on('close', () => resolve());
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const ended = await endOf(json.session);
    expect(ended.result.end).toBe('aborted');
    expect(readRecording(ended.session.file)).toMatchObject({ complete: false, result: { end: 'aborted' } });
    expect(await post(`${url}/sessions/${json.session}/step`, { action: { say: 'back' } })).toMatchObject({ status: 409, json: { error: { message: expect.stringContaining('aborted') } } });
  });

  it('DELETE aborts a session (saved incomplete); past --max-sessions a new session gets 503', async () => {
    const { url } = await environment({ maxSessions: 2 });
    const a = await post(`${url}/sessions`, { task: 'travel-rebook' });
    await post(`${url}/sessions`, { task: 'travel-rebook' });
    const full = await post(`${url}/sessions`, { task: 'travel-rebook' });
    expect(full).toMatchObject({ status: 503, json: { error: { code: 'too_many_sessions' } } });
    const del = await fetch(`${url}/sessions/${a.json.session}`, { method: 'DELETE' });
    expect(await del.json()).toMatchObject({ done: true, end: 'aborted' });
    expect((await post(`${url}/sessions`, { task: 'travel-rebook' })).status).toBe(201);
  });

  it('answers only requests addressed to the loopback name it is bound to', async () => {
    const { url } = await environment();
    const status = await new Promise<number>((resolve) => {
      request(`${url}/health`, { headers: { host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(421);
  });
});
