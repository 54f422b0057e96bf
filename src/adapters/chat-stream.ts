import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChatAnswer } from './model-types.js';

/**
 * A streamed completion put together chunk by chunk into the same `ChatAnswer` a plain call gives:
 * content and refusal pieces concatenated, tool calls keyed by their `index` with the id and name
 * taken as sent (as the SDK's own stream helper does) and the argument pieces concatenated.
 */
export class StreamedAnswer {
  private content: string | null = null;
  private refusal: string | null = null;
  private readonly calls: { id: string; name: string; arguments: string }[] = [];
  /** A choice said why it stopped: the answer is whole (a stream cut short never says). */
  finished = false;

  add(chunk: ChatCompletionChunk): void {
    const choice = chunk.choices?.find((c) => c.index === 0) ?? chunk.choices?.[0];
    if (!choice) return; // a usage-only chunk
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string') this.content = (this.content ?? '') + delta.content;
    if (typeof delta.refusal === 'string') this.refusal = (this.refusal ?? '') + delta.refusal;
    for (const piece of delta.tool_calls ?? []) {
      const call = (this.calls[piece.index] ??= { id: '', name: '', arguments: '' });
      if (piece.id) call.id = piece.id;
      if (piece.function?.name) call.name = piece.function.name;
      if (piece.function?.arguments) call.arguments += piece.function.arguments;
    }
    if (choice.finish_reason) this.finished = true;
  }

  answer(): ChatAnswer {
    // filter() skips the holes a server that numbers calls from 1 would leave.
    return { content: this.content, refusal: this.refusal, toolCalls: this.calls.filter(() => true).map((c) => ({ ...c })) };
  }

  /** What the model has produced so far, for a progress line: its text, then one line per tool call. */
  text(): string {
    const calls = this.calls.filter(() => true).map((c) => (c.arguments ? `${c.name} ${c.arguments}` : c.name));
    return [this.content, this.refusal, ...calls].filter((t): t is string => !!t).join('\n');
  }
}
