import type { Event } from './events.js';
import type { Task } from './task.js';

/** What the agent is allowed to know: the public task card and the conversation so far. */
export interface AgentView {
  system: string | null;
  tools: { name: string; description: string; parameters: Record<string, unknown> }[];
  items: readonly AgentViewItem[];
}

export type AgentViewItem =
  | { kind: 'user'; text: string }
  | { kind: 'agent'; text: string }
  | { kind: 'tool_call'; callId: string; tool: string; args: unknown }
  | { kind: 'tool_result'; callId: string; ok: boolean; result?: unknown; error?: unknown };

/**
 * The one place the agent's view is built. It copies fields one by one, so the world, the rubric,
 * `fullInstruction` and the user's facts can only reach the agent through what the user said
 * or what a tool returned.
 */
export function agentView(task: Task, events: readonly Event[]): AgentView {
  return { ...agentCard(task), items: events.flatMap((e) => agentViewItem(e)) };
}

/** The public part of the task: the policy and the tools (never their mocks). */
export function agentCard(task: Task): Pick<AgentView, 'system' | 'tools'> {
  return {
    system: task.system ?? null,
    tools: task.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
  };
}

export function agentViewItem(e: Event): AgentViewItem[] {
  switch (e.type) {
    case 'user_message':
      return [{ kind: 'user', text: e.text }];
    case 'agent_message':
      return [{ kind: 'agent', text: e.text }];
    case 'tool_call':
      return [{ kind: 'tool_call', callId: e.callId, tool: e.tool, args: e.args }];
    case 'tool_result':
      return [
        e.ok
          ? { kind: 'tool_result', callId: e.callId, ok: true, result: e.result }
          : { kind: 'tool_result', callId: e.callId, ok: false, error: e.error },
      ];
    default:
      return [];
  }
}
