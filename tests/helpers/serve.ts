import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect } from 'vitest';
import { resolveTask } from '../../src/adapters/task-files.js';
import type { Task } from '../../src/domain/task.js';
import { type ServeFlags, servePlan } from '../../src/commands/serve.js';

/** A bundled task by id. */
export const bundled = (id: string): Task => resolveTask(id).task;

/** Serve flags for a test: recordings in `dir`, no model, port 0. */
export function planFor(dir: string, flags: Partial<ServeFlags>): ReturnType<typeof servePlan> {
  return servePlan({ http: false, recordingsDir: dir, models: {}, ...flags }, {});
}

/** One MCP tool call: name and arguments in, the text and error flag out. */
export type CallTool = (name: string, args: Record<string, unknown>) => Promise<{ text: string; isError: boolean }>;

/** The SDK client's callTool as a CallTool. */
export function sdkCall(client: Client): CallTool {
  return async (name, args) => {
    const out = await client.callTool({ name, arguments: args });
    const content = out.content as { type: string; text?: string }[];
    return { text: content.map((c) => c.text ?? '').join(''), isError: out.isError === true };
  };
}

/**
 * Plays a task's reference through MCP tool calls (say → send_message_to_user, call → the tool,
 * finish → finish); every call but the finish must succeed. Returns the finish's answer, parsed.
 */
export async function playReferenceOverMcp(task: Task, call: CallTool): Promise<{ score: number; passed: boolean; end: string; recording?: string }> {
  for (const step of task.reference!) {
    if ('say' in step) {
      const out = await call('send_message_to_user', { text: step.say });
      expect(out.isError).toBe(false);
    } else if ('call' in step) {
      const out = await call(step.call, (step.args ?? {}) as Record<string, unknown>);
      expect(out.isError, out.text).toBe(false);
    } else {
      const out = await call('finish', step.finish ? { text: step.finish } : {});
      expect(out.isError).toBe(false);
      return JSON.parse(out.text) as { score: number; passed: boolean; end: string; recording?: string };
    }
  }
  // A script that runs out finishes.
  const out = await call('finish', {});
  return JSON.parse(out.text) as { score: number; passed: boolean; end: string; recording?: string };
}
