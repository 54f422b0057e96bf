import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { checkToken, HttpError, jsonHandler, readJsonBody, sendJson } from './http-json.js';
import { type McpBinding, mcpServer } from './mcp-session.js';

export interface McpHttpOptions {
  /** A new connection's session (called at each MCP initialize). */
  bind: () => McpBinding;
  version: string;
  token?: string;
  /** An MCP session with no request for this long is closed (its session aborted, saved incomplete). */
  idleMs: number;
  maxSessions: number;
}

interface Connection {
  transport: StreamableHTTPServerTransport;
  server: Server;
  timer: NodeJS.Timeout;
  /** Requests and streams still open: a client waiting on a move (a person typing the reply) is not idle. */
  open: number;
}

/** The MCP endpoint's path. */
export const MCP_PATH = '/mcp';

/**
 * MCP over streamable HTTP (the SDK's transport) at /mcp: one synthagent session per MCP session id.
 * A connection that goes quiet for `idleMs` is closed, as is one the client ends (DELETE).
 */
export class McpHttpHost {
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly opts: McpHttpOptions) {}

  get liveSessions(): number {
    return this.connections.size;
  }

  handle = jsonHandler((req, res) => this.route(req, res));

  /** Closes every connection; resolves once their sessions are saved. */
  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.transport.close()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/health' && req.method === 'GET') return sendJson(res, 200, { ok: true, sessions: this.connections.size, maxSessions: this.opts.maxSessions });
    if (path !== MCP_PATH) throw new HttpError(404, 'not_found', `the MCP endpoint is ${MCP_PATH}`);
    checkToken(req, this.opts.token);
    const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
    const id = req.headers['mcp-session-id'];
    const known = typeof id === 'string' ? this.connections.get(id) : undefined;
    if (known) {
      this.track(known, res);
      return known.transport.handleRequest(req, res, body);
    }
    if (id !== undefined) throw new HttpError(404, 'unknown_session', `no MCP session "${String(id)}" here (it ended, or was closed after going idle): initialize a new one`);
    if (req.method !== 'POST' || !isInitializeRequest(body)) throw new HttpError(400, 'bad_request', 'start with an MCP initialize request (POST, no mcp-session-id header)');
    if (this.connections.size >= this.opts.maxSessions) {
      throw new HttpError(503, 'too_many_sessions', `${this.connections.size} MCP sessions are live (the most this server keeps); retry later`, { 'retry-after': '1' });
    }
    await this.connect(req, res, body);
  }

  private async connect(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const binding = this.opts.bind();
    const server = mcpServer(binding, this.opts.version);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        const c: Connection = { transport, server, open: 0, timer: setTimeout(() => this.idle(c), this.opts.idleMs).unref() };
        this.connections.set(sid, c);
        this.track(c, res);
      },
    });
    // The server's own onclose (set by mcpServer) aborts the session; this forgets the connection.
    transport.onclose = () => {
      const sid = transport.sessionId;
      const c = sid ? this.connections.get(sid) : undefined;
      if (c && sid) {
        clearTimeout(c.timer);
        this.connections.delete(sid);
      }
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  private track(c: Connection, res: ServerResponse): void {
    c.open++;
    c.timer.refresh();
    res.once('close', () => {
      c.open--;
      if (this.connections.get(c.transport.sessionId ?? '') === c) c.timer.refresh();
    });
  }

  private idle(c: Connection): void {
    if (c.open > 0) return void c.timer.refresh();
    void c.transport.close();
  }
}
