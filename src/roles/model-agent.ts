import type { ChatMessage, ChatTool, ModelClient } from '../adapters/model-client.js';
import type { AgentView } from '../domain/agent-view.js';
import { nestingProblem } from '../domain/json.js';
import { ModelBehaviorError } from '../errors.js';
import type { AgentAction, AgentRole } from './role.js';

const DEFAULT_SYSTEM = 'You are a helpful assistant. Use the tools when they help, and ask the user for any detail you need.';
const EMPTY_RETRIES = 2;

/** The agent's view as Chat Completions messages: only what agentView() holds. */
export function agentMessages(view: AgentView): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: view.system ?? DEFAULT_SYSTEM }];
  for (const item of view.items) {
    switch (item.kind) {
      case 'user':
        messages.push({ role: 'user', content: item.text });
        break;
      case 'agent':
        messages.push({ role: 'assistant', content: item.text });
        break;
      case 'tool_call': {
        const call = { id: item.callId, type: 'function' as const, function: { name: item.tool, arguments: typeof item.args === 'string' ? item.args : JSON.stringify(item.args) } };
        const last = messages.at(-1);
        // Consecutive calls are one assistant turn with parallel tool calls.
        if (last?.role === 'assistant' && 'tool_calls' in last && last.tool_calls) last.tool_calls.push(call);
        else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
        break;
      }
      case 'tool_result':
        messages.push({ role: 'tool', tool_call_id: item.callId, content: JSON.stringify(item.ok ? (item.result ?? null) : { error: item.error }) });
        break;
    }
  }
  return messages;
}

export function agentTools(view: AgentView): ChatTool[] {
  return view.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

/**
 * A model plays the agent: the task's policy as the system prompt, its tools as function tools.
 * Parallel tool calls stay together (all logged, then run in order); arguments that are not JSON reach the mock as the raw
 * string (an error result the model sees); an empty answer is asked again, then ends the session.
 */
export function modelAgent(client: ModelClient, model: string, paper?: PaperAgent): AgentRole {
  return {
    info: { kind: 'model', model },
    async act(view, ctx): Promise<AgentAction> {
      // With a progress hook (the TUI), the answer streams in and the text so far is shown as it grows.
      const call = { signal: ctx.signal, note: ctx.note, onDelta: ctx.progress };
      const messages = paper ? paperAgentMessages(view, paper.opening) : agentMessages(view);
      for (let tries = 0; tries <= EMPTY_RETRIES; tries++) {
        const answer = await client.chat({ model, messages, tools: agentTools(view) }, call);
        if (answer.toolCalls.length > 0) {
          if (answer.content?.trim()) ctx.note('info', `model said alongside its tool calls: ${answer.content.trim()}`);
          const calls = answer.toolCalls.map((c) => ({ tool: c.name, args: parseArguments(c.arguments) }));
          return calls.length === 1 ? { type: 'call', ...calls[0]! } : { type: 'calls', calls };
        }
        const text = answer.content?.trim();
        // The paper's agent ends its session by writing its final answer in <answer>…</answer>.
        if (text && paper && ANSWER.test(text)) return { type: 'finish', text };
        if (text) return { type: 'say', text };
        if (answer.refusal?.trim()) {
          ctx.note('warn', 'the model refused');
          return { type: 'say', text: answer.refusal.trim() };
        }
        ctx.note('warn', `the model gave an empty answer${tries < EMPTY_RETRIES ? '; asking again' : ''}`);
      }
      throw new ModelBehaviorError(`the agent model gave ${EMPTY_RETRIES + 1} empty answers in a row`);
    },
  };
}

/** `--prompts paper`: the agent opens with the paper's phrasing of the task (paperOpening). */
export interface PaperAgent {
  opening: string;
}

const ANSWER = /<answer>[\s\S]*?<\/answer>/i;

/** The agent's messages with the first user message as the paper phrases the task; the rest as agentMessages. */
export function paperAgentMessages(view: AgentView, opening: string): ChatMessage[] {
  const messages = agentMessages(view);
  const first = messages.findIndex((m) => m.role === 'user');
  if (first >= 0) messages[first] = { role: 'user', content: opening };
  return messages;
}

/**
 * JSON arguments as an object; anything else, or arguments nested too deep to keep as a value, stays the
 * raw string (the mock answers it as invalid).
 */
function parseArguments(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    const value = JSON.parse(raw) as unknown;
    return nestingProblem(value) ? raw : value;
  } catch {
    return raw;
  }
}
