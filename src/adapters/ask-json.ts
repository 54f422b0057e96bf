import { jsonInAnswer } from '../domain/json.js';
import type { Result } from '../domain/result.js';
import type { CallContext, ChatMessage, ModelClient } from './model-types.js';

export interface AskJson<T> {
  client: ModelClient;
  model: string;
  messages: ChatMessage[];
  /** Body parameters (temperature, response_format…). */
  params?: Record<string, unknown>;
  ctx?: CallContext;
  /** Checks the JSON the answer holds (zod, and whatever else the caller needs); `last`: no retry follows. */
  check: (json: unknown, last: boolean) => Result<T>;
  /** The conversation that asks again, from the one that got `text` and why it was refused. */
  retry: (messages: ChatMessage[], text: string, error: string) => ChatMessage[];
  /** Told of each refused answer (`again`: it is asked once more). */
  onRefused?: (error: string, again: boolean) => void;
}

/** The answer's text: its content, else what it refused with. */
export function answerText(answer: { content: string | null; refusal: string | null }): string {
  return answer.content ?? (answer.refusal ? `(refused: ${answer.refusal})` : '');
}

/**
 * Asks a model for JSON, the one way every model role does it: the JSON is taken from the answer
 * (jsonInAnswer), checked, and a refused answer is sent back once with the reason. Resolves with the
 * value or the last reason; a failed call (network, server) rejects as the client does.
 */
export async function askJson<T>(ask: AskJson<T>): Promise<Result<T>> {
  let messages = ask.messages;
  for (let attempt = 1; ; attempt++) {
    const last = attempt === 2;
    const text = answerText(await ask.client.chat({ model: ask.model, messages, ...(ask.params ? { params: ask.params } : {}) }, ask.ctx));
    const json = jsonInAnswer(text);
    const checked = json.ok ? ask.check(json.value, last) : json;
    if (checked.ok) return checked;
    ask.onRefused?.(checked.error, !last);
    if (last) return checked;
    messages = ask.retry(messages, text, checked.error);
  }
}
