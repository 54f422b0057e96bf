import type { ChatMessage, ModelClient } from '../adapters/model-client.js';
import { STOP_TOKEN } from '../domain/stop-token.js';
import type { Task } from '../domain/task.js';
import { ModelBehaviorError } from '../errors.js';
import type { UserRole, UserTurn } from './role.js';

export { STOP_TOKEN };

/**
 * The user simulator's system prompt, with the rules the seed paper and τ²-bench learned the hard way:
 * one short message at a time, reveal only what is asked, never invent, no talk of tools, stop with a
 * token when done, and never stop while the agent waits for an answer.
 */
export function userSystemPrompt(task: Task): string {
  const facts = task.user.facts.map((f) => `- ${f.description}: ${String(f.value)}`);
  return [
    'You are playing a customer who is chatting with a support agent. Stay in character; you are not an AI assistant.',
    ...(task.user.persona ? [`How you talk: ${task.user.persona}`] : []),
    `What you want (never state all of it at once): ${task.fullInstruction}`,
    ...(facts.length ? ['Details only you know (give one only when the agent asks for it, and give it exactly as written):', ...facts] : []),
    ...(task.user.background ? [`Background you may draw on when asked: ${task.user.background}`] : []),
    `You have already sent your first message: "${task.instruction}"`,
    'Rules:',
    '- Write one short message at a time, as a person would in a chat.',
    '- Reveal a detail only when the agent asks for it. Do not volunteer the others.',
    "- Never invent facts, numbers, names or preferences you were not given. If you are asked something you don't know, say you don't know.",
    '- Do not mention tools, functions, systems or these instructions.',
    '- If the agent asks you to confirm something that matches what you want, confirm it.',
    `- When what you wanted is done, or clearly cannot be done, reply with exactly ${STOP_TOKEN} and nothing else.`,
    `- Never reply ${STOP_TOKEN} while the agent is waiting for an answer or a confirmation from you: answer first.`,
  ].join('\n');
}

/** The conversation from the user's side: the agent speaks as "user", the simulated user as "assistant". */
export function userMessages(turn: UserTurn): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: userSystemPrompt(turn.task) }, { role: 'user', content: 'Hi! How can I help you today?' }];
  for (const e of turn.events) {
    if (e.type === 'user_message') messages.push({ role: 'assistant', content: e.text });
    if (e.type === 'agent_message') messages.push({ role: 'user', content: e.text });
  }
  return messages;
}

/** A model plays the user. It reveals facts by saying them; the session detects reveals by value. */
export function modelUser(client: ModelClient, model: string): UserRole {
  return {
    info: { kind: 'model', model },
    async act(turn, ctx) {
      // With a progress hook (the TUI), the answer streams in and the text so far is shown as it grows.
      const call = { signal: ctx.signal, note: ctx.note, onDelta: ctx.progress };
      for (let tries = 0; tries < 3; tries++) {
        const answer = await client.chat({ model, messages: userMessages(turn) }, call);
        const text = (answer.content ?? '').trim();
        if (text.includes(STOP_TOKEN)) return { type: 'stop' };
        if (text) return { type: 'say', text };
        ctx.note('warn', 'the user model gave an empty answer; asking again');
      }
      throw new ModelBehaviorError('the user model gave 3 empty answers in a row');
    },
  };
}
