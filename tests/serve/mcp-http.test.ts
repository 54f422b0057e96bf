import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../src/serve/listen.js';
import { MCP_PATH, McpHttpHost, type McpHttpOptions } from '../../src/serve/mcp-http.js';
import { type McpBinding, SAY_TOOL } from '../../src/serve/mcp-session.js';
import { until } from '../helpers/ink.js';
import { exampleTask } from '../helpers/tasks.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A host on a free loopback port whose connections answer every move with "ok"; `closed` counts ended connections. */
async function host(over: Partial<McpHttpOptions> = {}) {
  let bound = 0;
  let closed = 0;
  const bind = (): McpBinding => {
    bound++;
    return {
      task: exampleTask(),
      open: () => ({ step: async () => ({ items: [{ type: 'user_message', text: 'ok' }], done: false, result: null }), file: null }),
      closed: async () => void closed++,
    };
  };
  const h = new McpHttpHost({ bind, version: 't', idleMs: 60_000, maxSessions: 4, ...over });
  const up: Listening = await listen(h.handle, '127.0.0.1', 0);
  cleanup.push(() => up.close(), () => h.close());
  return { h, url: `${up.url}${MCP_PATH}`, base: up.url, bound: () => bound, closed: () => closed };
}

async function client(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const c = new Client({ name: 'test', version: '1' });
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  cleanup.push(() => c.close());
  return c;
}

const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });

describe('McpHttpHost', () => {
  it('one binding per MCP session; a client plays through it', async () => {
    const s = await host();
    const a = await client(s.url);
    await client(s.url);
    expect(s.bound()).toBe(2);
    expect(s.h.liveSessions).toBe(2);
    const res = await a.callTool({ name: SAY_TOOL, arguments: { text: 'hi' } });
    expect((res.content as { text: string }[])[0]!.text).toBe('ok');
  });

  it('/health says how many sessions are live', async () => {
    const s = await host();
    await client(s.url);
    expect(await (await fetch(`${s.base}/health`)).json()).toEqual({ ok: true, sessions: 1, maxSessions: 4 });
  });

  it.each<[string, (s: Awaited<ReturnType<typeof host>>) => Promise<Response>, number, string]>([
    ['another path', (s) => fetch(`${s.base}/other`), 404, 'not_found'],
    ['a request that is not an initialize', (s) => post(s.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }), 400, 'bad_request'],
    ['a GET without a session', (s) => fetch(s.url), 400, 'bad_request'],
    ['an unknown session id', (s) => post(s.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-session-id': 'nope' }), 404, 'unknown_session'],
  ])('%s: %d %s, and no binding', async (_name, request, status, code) => {
    const s = await host();
    const res = await request(s);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(s.bound()).toBe(0);
  });

  it('past maxSessions a new session gets 503 with Retry-After', async () => {
    const s = await host({ maxSessions: 1 });
    await client(s.url);
    const res = await post(s.url, initialize);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(s.bound()).toBe(1);
  });

  it('--token: without it 401, with it a session', async () => {
    const s = await host({ token: 'sekret' });
    expect((await post(s.url, initialize)).status).toBe(401);
    await client(s.url, { authorization: 'Bearer sekret' });
    expect(s.bound()).toBe(1);
  });

  it('a client that ends its session (DELETE) ends the binding\'s session; later requests on it are 404', async () => {
    const s = await host();
    const c = await client(s.url);
    const transport = c.transport as StreamableHTTPClientTransport;
    const sid = transport.sessionId!;
    await transport.terminateSession();
    await until(() => s.closed() === 1, 'the binding to close', 30_000);
    expect(s.h.liveSessions).toBe(0);
    expect((await post(s.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': sid })).status).toBe(404);
  });

  it('a session with no request open for idleMs is closed (its binding told)', async () => {
    const s = await host({ idleMs: 30 });
    // A raw initialize: no stream is left open (an SDK client keeps a GET stream open, and is not idle while it does).
    const res = await post(s.url, initialize);
    expect(res.status).toBe(200);
    await res.text();
    expect(s.bound()).toBe(1);
    await until(() => s.closed() === 1, 'the idle session to close', 30_000);
    expect(s.h.liveSessions).toBe(0);
  });

  it('close ends every session', async () => {
    const s = await host();
    await client(s.url);
    await client(s.url);
    await s.h.close();
    expect(s.closed()).toBe(2);
  });
});
