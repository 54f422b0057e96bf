import { AsyncLocalStorage } from 'node:async_hooks';
import OpenAI, { APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { ModelBehaviorError, StoppedError, errorMessage } from '../errors.js';
import { StreamedAnswer } from './chat-stream.js';
import type { CallContext, ChatAnswer, ChatMessage, ChatRequest, ModelClient } from './model-types.js';
import type { ModelConfig } from './model-config.js';
import { redact } from './model-config.js';
import { ModelCache } from './model-cache.js';

export type { CallContext, ChatAnswer, ChatMessage, ChatRequest, ChatTool, ModelClient } from './model-types.js';

const attempt = new AsyncLocalStorage<{ note?: CallContext['note']; tries: number; stopped: AbortSignal }>();

/** HTTP statuses with which a server may be saying that it does not stream: asked again without streaming. */
const NO_STREAMING = new Set([400, 422, 501]);

/**
 * A client for any OpenAI-compatible server through the openai SDK. The SDK does the retries; a fetch
 * wrapper turns each failed attempt into a visible note. With a cache file, a call seen before is
 * answered from disk, and a miss is explained in a note. With `onDelta` the answer is streamed; a
 * stream that breaks or falls silent for the timeout is a failed attempt like any other. A call ends at
 * once when its signal or `stop` (Ctrl+C) aborts, even in the SDK's wait between retries.
 */
export function openaiModelClient(config: ModelConfig, stop?: AbortSignal): ModelClient {
  const client = new OpenAI({
    apiKey: config.apiKey ?? 'not-needed',
    baseURL: config.baseURL,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    fetch: async (url, init) => {
      const scope = attempt.getStore();
      const n = scope ? ++scope.tries : 1;
      try {
        const res = await fetch(url, init);
        if (res.status === 429 || res.status >= 500) scope?.note?.('warn', `model server answered HTTP ${res.status} (attempt ${n} of ${config.maxRetries + 1})`);
        return capRetryAfter(res, config.timeoutMs);
      } catch (err) {
        // Stopped (Ctrl+C, or the session ended): not a failure of the server.
        if (scope?.stopped.aborted) throw err;
        scope?.note?.('warn', `model call failed: ${redact(errorMessage(err), config)} (attempt ${n} of ${config.maxRetries + 1})`);
        throw err;
      }
    },
  });
  const cache = config.cacheFile ? new ModelCache(config.cacheFile) : null;
  // Cleared once a server has refused a streamed request and answered the same one unstreamed.
  let streams = true;
  type Body = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

  const complete = async (body: Body, signal: AbortSignal): Promise<ChatAnswer> => {
    const completion = await client.chat.completions.create(body, { signal });
    const message = completion.choices?.[0]?.message;
    if (!message) throw new ModelBehaviorError('model answered without a choice');
    return {
      content: message.content ?? null,
      refusal: message.refusal ?? null,
      toolCalls: (message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [])),
    };
  };

  /** Streams until an answer is whole; a broken stream is asked again while attempts are left. */
  const stream = async (body: Body, signal: AbortSignal, onDelta: (text: string) => void, note: CallContext['note']): Promise<ChatAnswer> => {
    const scope = attempt.getStore()!;
    for (;;) {
      let chunks: AsyncIterable<ChatCompletionChunk> & { controller: AbortController };
      try {
        // The SDK retries a failed request within what is left of this call's attempts.
        chunks = await client.chat.completions.create({ ...body, stream: true }, { signal, maxRetries: Math.max(0, config.maxRetries - scope.tries) });
      } catch (err) {
        if (!(err instanceof APIError && err.status !== undefined && NO_STREAMING.has(err.status)) || signal.aborted) throw err;
        note?.('info', `model server refused a streamed request (${redact(errorMessage(err), config)}); asking without streaming`);
        scope.tries = 0;
        const answer = await complete(body, signal);
        streams = false;
        return answer;
      }
      const answer = new StreamedAnswer();
      try {
        await drain(chunks, answer, onDelta, config.timeoutMs);
        if (signal.aborted) throw new Error('Request was aborted.');
        if (!answer.finished) throw new Error('the stream ended before the answer was complete');
        return answer.answer();
      } catch (err) {
        if (signal.aborted) throw err;
        note?.('warn', `model stream broke: ${redact(errorMessage(err), config)} (attempt ${scope.tries} of ${config.maxRetries + 1})`);
        if (scope.tries > config.maxRetries) throw err;
        onDelta('');
      }
    }
  };

  return {
    async chat(request, ctx = {}) {
      const parts = { model: request.model, messages: request.messages, tools: request.tools ?? null, params: request.params ?? {} };
      if (cache) {
        const found = cache.get(parts);
        if (found.hit) return scrub(found.answer as ChatAnswer);
        ctx.note?.('info', `model cache miss: ${found.why}`);
      }
      const body = { model: request.model, messages: request.messages, ...(request.tools?.length ? { tools: request.tools } : {}), ...request.params } as Body;
      let answer: ChatAnswer;
      // A signal of its own per call: the SDK listens on it, and the session's signal keeps one listener at a time.
      const call = new AbortController();
      const onAbort = (): void => call.abort();
      const signals = [ctx.signal, stop].filter((s) => s !== undefined);
      for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
      if (signals.some((s) => s.aborted)) call.abort();
      const shown = ctx.onDelta;
      const onDelta = streams && shown ? (text: string) => shown(redact(text, config)) : undefined;
      try {
        answer = await untilAborted(
          call.signal,
          attempt.run({ note: ctx.note, tries: 0, stopped: call.signal }, () => (onDelta ? stream(body, call.signal, onDelta, ctx.note) : complete(body, call.signal))),
        );
      } catch (err) {
        if (call.signal.aborted) throw new StoppedError(`model call stopped (${request.model} at ${serverOf(config)})`);
        if (err instanceof ModelBehaviorError) throw err;
        throw new ModelBehaviorError(`model call failed: ${redact(errorMessage(err), config)} (${request.model} at ${serverOf(config)})`);
      } finally {
        for (const s of signals) s.removeEventListener('abort', onAbort);
      }
      // A server that echoes the key (in a reply, a tool call, a judge's reason) never gets it written anywhere.
      answer = scrub(answer);
      cache?.put(parts, answer);
      return answer;
    },
  };

  function scrub(a: ChatAnswer): ChatAnswer {
    const r = (text: string): string => redact(text, config);
    return {
      content: a.content === null ? null : r(a.content),
      refusal: a.refusal === null ? null : r(a.refusal),
      toolCalls: a.toolCalls.map((t) => ({ id: r(t.id), name: r(t.name), arguments: r(t.arguments) })),
    };
  }
}

/**
 * `work`, or a rejection as soon as `signal` aborts: the SDK waits out a Retry-After (or its back-off)
 * in a plain timer that no signal ends, and a stopped command must not wait for it.
 */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new Error('Request was aborted.'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('Request was aborted.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Reads a stream into `answer`, telling `onDelta` each time the text grows. Silence longer than
 * `idleMs` aborts it (the SDK's timeout only covers the wait for the headers).
 */
async function drain(chunks: AsyncIterable<ChatCompletionChunk> & { controller: AbortController }, answer: StreamedAnswer, onDelta: (text: string) => void, idleMs: number): Promise<void> {
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      chunks.controller.abort();
    }, idleMs);
  };
  let shown = '';
  arm();
  try {
    // An aborted stream ends the loop quietly, hence the checks after it.
    for await (const chunk of chunks) {
      arm();
      answer.add(chunk);
      const text = answer.text();
      if (text !== shown) onDelta((shown = text));
    }
  } finally {
    clearTimeout(timer);
  }
  if (stalled) throw new Error(`no data from the model server for ${idleMs / 1000} s`);
}

/** The server a call went to, as a user would look for it (the SDK's default when none is set). */
function serverOf(config: ModelConfig): string {
  return config.baseURL ?? 'https://api.openai.com/v1 (no --base-url or OPENAI_BASE_URL set)';
}

/**
 * The SDK sleeps for whatever Retry-After (or retry-after-ms) a server sends, without a way to stop the
 * sleep: a 429 asking for hours held the tool for hours. A wait longer than the call's timeout is cut
 * to the timeout (--timeout is the ceiling of any wait).
 */
export function capRetryAfter(res: Response, maxMs: number): Response {
  const ms = retryAfterMs(res.headers);
  if (ms === null || ms <= maxMs) return res;
  const headers = new Headers(res.headers);
  headers.delete('retry-after');
  headers.set('retry-after-ms', String(maxMs));
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

function retryAfterMs(headers: Headers): number | null {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && !Number.isNaN(parseFloat(ms))) return parseFloat(ms);
  const after = headers.get('retry-after');
  if (after === null) return null;
  const seconds = parseFloat(after);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : date - Date.now();
}
