import { AsyncLocalStorage } from 'node:async_hooks';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { ModelBehaviorError, errorMessage } from '../errors.js';
import type { ModelConfig } from './model-config.js';
import { redact } from './model-config.js';
import { ModelCache } from './model-cache.js';

export type ChatMessage = ChatCompletionMessageParam;
export type ChatTool = ChatCompletionTool;

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  /** Other body parameters (temperature, response_format…); part of the cache key. */
  params?: Record<string, unknown>;
}

/** The parts of a completion the roles use: plain data, so it can be cached and recorded. */
export interface ChatAnswer {
  content: string | null;
  refusal: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
}

export interface CallContext {
  signal?: AbortSignal;
  note?: (level: 'info' | 'warn' | 'error', text: string) => void;
}

export interface ModelClient {
  chat(request: ChatRequest, ctx?: CallContext): Promise<ChatAnswer>;
}

const attempt = new AsyncLocalStorage<{ note?: CallContext['note']; tries: number }>();

/**
 * A client for any OpenAI-compatible server through the openai SDK. The SDK does the retries; a fetch
 * wrapper turns each failed attempt into a visible note. With a cache file, a call seen before is
 * answered from disk, and a miss is explained in a note.
 */
export function openaiModelClient(config: ModelConfig): ModelClient {
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
        return res;
      } catch (err) {
        scope?.note?.('warn', `model call failed: ${redact(errorMessage(err), config)} (attempt ${n} of ${config.maxRetries + 1})`);
        throw err;
      }
    },
  });
  const cache = config.cacheFile ? new ModelCache(config.cacheFile) : null;

  return {
    async chat(request, ctx = {}) {
      const parts = { model: request.model, messages: request.messages, tools: request.tools ?? null, params: request.params ?? {} };
      if (cache) {
        const found = cache.get(parts);
        if (found.hit) return found.answer as ChatAnswer;
        ctx.note?.('info', `model cache miss: ${found.why}`);
      }
      const body = { model: request.model, messages: request.messages, ...(request.tools?.length ? { tools: request.tools } : {}), ...request.params };
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      // A signal of its own per call: the SDK listens on it, and the session's signal keeps one listener at a time.
      const call = new AbortController();
      const onAbort = (): void => call.abort();
      ctx.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        completion = await attempt.run({ note: ctx.note, tries: 0 }, () =>
          client.chat.completions.create(body as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming, { signal: call.signal }),
        );
      } catch (err) {
        throw new ModelBehaviorError(`model call failed: ${redact(errorMessage(err), config)}`);
      } finally {
        ctx.signal?.removeEventListener('abort', onAbort);
      }
      const message = completion.choices?.[0]?.message;
      if (!message) throw new ModelBehaviorError('model answered without a choice');
      const answer: ChatAnswer = {
        content: message.content ?? null,
        refusal: message.refusal ?? null,
        toolCalls: (message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [])),
      };
      cache?.put(parts, answer);
      return answer;
    },
  };
}
