import type { ChatMessage, ModelClient } from '../adapters/model-client.js';
import { STOP_TOKEN } from '../domain/stop-token.js';
import type { PromptProfile } from '../adapters/model-config.js';
import { taskBackground } from '../domain/export-formats.js';
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
  // An imported task's full intent is its instruction plus its background: say the background once, below.
  const background = task.user.background?.trim();
  const want = background && task.fullInstruction.includes(background) ? task.fullInstruction.replace(background, '').trim() || task.instruction : task.fullInstruction;
  return [
    'You are playing a customer who is chatting with a support agent. Stay in character; you are not an AI assistant.',
    ...(task.user.persona ? [`How you talk: ${task.user.persona}`] : []),
    `What you want (never state all of it at once): ${want}`,
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

/**
 * `--prompts paper`: the user simulator of the paper's rollouts, in our words: what the user knows, the
 * whole history so far (tool calls and results included), one sentence at a time, the background given
 * out a little at a time, no hint about the solution or the tools, the reply inside <reply> tags. One
 * addition of ours: a stop token, so a session with an agent that never writes <answer> can end.
 */
export function paperUserPrompt(turn: UserTurn): string {
  const { task } = turn;
  const known = task.user.background?.trim() || taskBackground(task);
  return [
    'You are a user who wants to get a task done by an agent that has tools.',
    '',
    `What you know (the background):
${known}`,
    '',
    `Your conversation with the agent so far:
${paperHistory(turn.events)}`,
    '',
    '### Rules:',
    '1. Answer the agent\'s last message in one sentence, from the background. Give the background out a little at a time: a small part per reply, never all of it at once.',
    '2. Give the agent no hint about how to solve the task or which tools to use.',
    `3. If the agent has finished and needs nothing more from you, reply with exactly ${STOP_TOKEN}.`,
    '',
    'Write your reply like this:\n<reply>\n(your reply)\n</reply>',
  ].join('\n');
}

/** The whole session as the paper's user sees it: every message, tool call and tool result, in order. */
function paperHistory(events: UserTurn['events']): string {
  return events
    .flatMap((e) => {
      if (e.type === 'user_message') return [`User (you): ${e.text}`];
      if (e.type === 'agent_message') return [`Agent: ${e.text}`];
      if (e.type === 'tool_call') return [`Agent calls tool ${JSON.stringify({ name: e.tool, arguments: e.args })}`];
      if (e.type === 'tool_result') return [`Tool ${e.ok ? 'result' : 'error'}: ${JSON.stringify(e.ok ? e.result : e.error)}`];
      return [];
    })
    .join('\n');
}

/** The reply inside the last <reply>…</reply>, or the whole answer when it has none. */
export function paperReply(text: string): string {
  const replies = [...text.matchAll(/<reply>([\s\S]*?)<\/reply>/gi)];
  return (replies.at(-1)?.[1] ?? text).trim();
}

/** A model plays the user. It reveals facts by saying them; the session detects reveals by value. */
export function modelUser(client: ModelClient, model: string, prompts: PromptProfile = 'ours'): UserRole {
  return {
    info: { kind: 'model', model },
    async act(turn, ctx) {
      // With a progress hook (the TUI), the answer streams in and the text so far is shown as it grows.
      const call = { signal: ctx.signal, note: ctx.note, onDelta: ctx.progress };
      const messages: ChatMessage[] = prompts === 'paper' ? [{ role: 'user', content: paperUserPrompt(turn) }] : userMessages(turn);
      for (let tries = 0; tries < 3; tries++) {
        const answer = await client.chat({ model, messages }, call);
        const raw = (answer.content ?? '').trim();
        const text = prompts === 'paper' ? paperReply(raw) : raw;
        if (text.includes(STOP_TOKEN)) return { type: 'stop' };
        if (text) return { type: 'say', text };
        ctx.note('warn', 'the user model gave an empty answer; asking again');
      }
      throw new ModelBehaviorError('the user model gave 3 empty answers in a row');
    },
  };
}
