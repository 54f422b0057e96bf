import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';

// The model client's interface, apart from its openai implementation (model-client.ts), so the
// stream assembler and the roles need only these types.

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
  /**
   * Asks for a streamed answer (`stream: true`) and is called with the text so far each time it grows
   * ('' when a broken stream starts over). The answer returned is the same as without it; a cache hit
   * answers at once, without calling it.
   */
  onDelta?: (textSoFar: string) => void;
}

export interface ModelClient {
  chat(request: ChatRequest, ctx?: CallContext): Promise<ChatAnswer>;
}
