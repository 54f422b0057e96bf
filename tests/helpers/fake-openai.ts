/**
 * A scripted, local OpenAI-compatible Chat Completions server for tests.
 *
 * Model roles are tested through the real `openai` SDK against this server (STYLE.md, Tests) rather than
 * `vi.mock('openai')`, so retries, HTTP errors, timeouts, streaming and tool-call parsing all run the
 * SDK's real code paths. Only node:http is used, so it adds no dependency.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One HTTP request the server received. `body` is the parsed JSON, or the raw text if it did not parse. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any; // any: tests index freely into whatever JSON the client sent
}

/** What the server answers to one chat-completions request. */
export type Reply =
  /** Assistant message with content. */
  | { text: string }
  /** Tool calls; object `arguments` are JSON.stringify'd, strings are sent verbatim (so tests can send malformed JSON). */
  | { toolCalls: { name: string; arguments: string | object; id?: string }[]; text?: string }
  /** `message.refusal` set, content null. */
  | { refusal: string }
  /** Content null and no tool calls. */
  | { empty: true }
  /** HTTP error; body defaults to `{"error":{"message":..., "type":"server_error"}}`. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Raw response body (e.g. invalid JSON), served as application/json. */
  | { raw: string; status?: number }
  /** Answers `then` after `delayMs`; dropped if the client gives up first. */
  | { delayMs: number; then: Reply }
  /** Never answers, until the server closes. */
  | { hang: true }
  /** How `then` streams to a `stream: true` request (see StreamShape); a plain request just gets `then`. */
  | { stream: StreamShape; then: Reply };

/**
 * A streamed answer is cut into chunks as the real API cuts it: a first chunk with the role, then the
 * content `pieceChars` characters at a time, then per tool call one chunk with its id and name and the
 * arguments in pieces, then the finish chunk and `data: [DONE]`.
 */
export interface StreamShape {
  /** Characters per content or arguments piece (default 4). */
  pieceChars?: number;
  /** Waits this long before each chunk after the first (default 0: all at once). */
  delayMs?: number;
  /** After this many chunks, waits for `until` before the rest (a test holds the answer half-written). */
  pauseAfter?: number;
  until?: Promise<unknown>;
  /** After this many chunks the stream breaks, as `breakWith` says. */
  breakAfter?: number;
  /** `destroy`: the connection is cut (default); `end`: it ends cleanly, without a finish or [DONE];
   *  `error`: an error event `data: {"error": …}` is sent; `stall`: nothing more is sent, the socket stays open. */
  breakWith?: 'destroy' | 'end' | 'error' | 'stall';
}

/** A queue of replies, or a function of the request and its index (0-based, counted since the script was set). */
export type Script = Reply[] | ((req: RecordedRequest, index: number) => Reply);

export interface FakeOpenAI {
  /** e.g. http://127.0.0.1:PORT/v1 — pass as the SDK's baseURL. */
  url: string;
  /** Every request received, in order (including ones answered 404). */
  requests: RecordedRequest[];
  /** Replace the script (queue or function). A queue that runs out answers HTTP 500 {"error":{"message":"fake server: script exhausted"}}. */
  script(s: Script): void;
  /** Closes the server, destroying hanging and keep-alive sockets. Safe to call twice. */
  close(): Promise<void>;
}

type MessageReply = Exclude<Reply, { hang: true } | { delayMs: number } | { raw: string } | { status: number } | { stream: StreamShape }>;
interface ToolCallOut { id: string; type: 'function'; function: { name: string; arguments: string } }
interface MessageOut { content: string | null; refusal: string | null; tool_calls?: ToolCallOut[] }

// Fixed so that responses are byte-for-byte deterministic across runs.
const CREATED = 1_700_000_000;

const errorBody = (message: string, type = 'server_error') => ({ error: { message, type, param: null, code: null } });

export async function startFakeOpenAI(initial: Script = []): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let current: Script = [];
  let served = 0;
  // Counters live for the server's lifetime so ids stay unique across turns, as real ones are.
  let completions = 0;
  let callIds = 0;

  const setScript = (s: Script): void => {
    current = Array.isArray(s) ? [...s] : s; // copy: the caller's array is never mutated
    served = 0;
  };
  setScript(initial);

  const nextReply = (req: RecordedRequest): Reply => {
    const index = served++;
    if (typeof current === 'function') return current(req, index);
    return current[index] ?? { status: 500, body: errorBody('fake server: script exhausted') };
  };

  const toMessage = (reply: MessageReply): MessageOut => {
    if ('toolCalls' in reply) {
      const tool_calls = reply.toolCalls.map((c): ToolCallOut => ({
        id: c.id ?? `call_${++callIds}`,
        type: 'function',
        function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
      }));
      return { content: reply.text ?? null, refusal: null, tool_calls };
    }
    if ('text' in reply) return { content: reply.text, refusal: null };
    if ('refusal' in reply) return { content: null, refusal: reply.refusal };
    return { content: null, refusal: null };
  };

  const respond = (res: ServerResponse, body: RecordedRequest['body'], reply: Reply, shape: StreamShape = {}): void => {
    if ('hang' in reply) return; // the socket stays open until close() destroys it
    if ('stream' in reply) return respond(res, body, reply.then, reply.stream);
    if ('delayMs' in reply) {
      const timer = setTimeout(() => respond(res, body, reply.then, shape), reply.delayMs);
      res.on('close', () => clearTimeout(timer)); // the client timed out or the server closed: write nothing
      return;
    }
    if ('raw' in reply) {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(reply.raw);
      return;
    }
    if ('status' in reply) {
      const payload = reply.body ?? errorBody(`fake server: HTTP ${reply.status}`);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(payload));
      return;
    }
    const message = toMessage(reply);
    const finish_reason = message.tool_calls ? 'tool_calls' : 'stop';
    const base = { id: `chatcmpl-${++completions}`, created: CREATED, model: body?.model ?? 'unknown' };
    // Rough but deterministic token counts, so code that sums usage has numbers to work with.
    const prompt_tokens = Math.ceil(JSON.stringify(body?.messages ?? []).length / 4);
    const completion_tokens = Math.ceil(JSON.stringify(message).length / 4);
    const usage = { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
    if (body?.stream !== true) {
      const choice = { index: 0, finish_reason, logprobs: null, message: { role: 'assistant', ...message } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [choice], usage }));
      return;
    }
    // Streaming: the same answer cut into chat.completion.chunk events, shaped like the real API's.
    const events: unknown[] = [];
    const chunk = (delta: object, finish: string | null = null) =>
      events.push({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
    const pieces = (text: string): string[] => {
      const cps = Array.from(text);
      const n = Math.max(1, shape.pieceChars ?? 4);
      return Array.from({ length: Math.ceil(cps.length / n) }, (_, i) => cps.slice(i * n, (i + 1) * n).join(''));
    };
    chunk({ role: 'assistant', content: message.content === null ? null : '', refusal: null });
    for (const piece of pieces(message.content ?? '')) chunk({ content: piece });
    if (message.refusal !== null) chunk({ refusal: message.refusal });
    message.tool_calls?.forEach((c, index) => {
      chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] });
      for (const piece of pieces(c.function.arguments)) chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
    });
    chunk({}, finish_reason);
    if (body?.stream_options?.include_usage) events.push({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    void streamOut(res, events, shape);
  };

  /** Writes the chunks of a streamed answer, with the pauses and the break its shape asks for. */
  const streamOut = async (res: ServerResponse, events: unknown[], shape: StreamShape): Promise<void> => {
    let closed = false;
    res.on('close', () => (closed = true));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    // What was written reaches the client before a break does.
    let flushed = new Promise<void>((resolve) => res.write(':\n\n', () => resolve()));
    for (const [i, data] of events.entries()) {
      if (i === shape.breakAfter) {
        await flushed;
        const how = shape.breakWith ?? 'destroy';
        if (how === 'destroy') res.destroy();
        if (how === 'end') res.end();
        if (how === 'error') res.end(`data: ${JSON.stringify(errorBody('fake server: stream broke', 'server_error'))}\n\n`);
        return; // 'stall': the socket stays open until the client or close() ends it
      }
      if (i === shape.pauseAfter) await shape.until;
      if (i > 0 && shape.delayMs) await new Promise((r) => setTimeout(r, shape.delayMs));
      if (closed) return;
      flushed = new Promise<void>((resolve) => res.write(`data: ${JSON.stringify(data)}\n\n`, () => resolve()));
    }
    res.end('data: [DONE]\n\n');
  };

  const handle = (req: IncomingMessage, res: ServerResponse, text: string): void => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* keep the raw text so a test can see what was sent */ }
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers, body };
    requests.push(recorded);
    if (recorded.method !== 'POST' || recorded.path.split('?')[0] !== '/v1/chat/completions') {
      const payload = errorBody(`fake server: no route for ${recorded.method} ${recorded.path}`, 'invalid_request_error');
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      return;
    }
    let reply: Reply;
    try {
      reply = nextReply(recorded);
    } catch (err) {
      // A throwing script function becomes a visible 500 instead of a hung request.
      reply = { status: 500, body: errorBody(`fake server: script threw: ${String(err)}`) };
    }
    respond(res, recorded.body, reply);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: setScript,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // server.close() alone waits for hanging and keep-alive sockets; destroy them.
        server.closeAllConnections();
      })),
  };
}
