import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, type CallToolResult, GetPromptRequestSchema, ListPromptsRequestSchema, ListToolsRequestSchema, McpError, ErrorCode, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { displayPath } from '../adapters/task-files.js';
import type { SessionResult } from '../domain/recording.js';
import type { Task } from '../domain/task.js';
import { errorMessage, UserError } from '../errors.js';
import { SessionOverError, type StepOutcome } from '../roles/outside-agent.js';
import type { AgentAction } from '../roles/role.js';

/** The two tools every served task adds to its own (SPEC §7). */
export const SAY_TOOL = 'send_message_to_user';
export const FINISH_TOOL = 'finish';

/** The session a connection plays, opened at its first tool call (a client that only looks records nothing). */
export interface McpBinding {
  task: Task;
  /** `client`: the MCP client's name and version. Throws a UserError when this connection may not play. */
  open(client: string): { step(action: AgentAction): Promise<StepOutcome>; file: string | null };
  /** The connection is gone: a session still running is aborted (saved, incomplete); resolves once it is saved. */
  closed(): Promise<void>;
}

/** A task with a tool of the same name as one of ours cannot be served: the agent could not tell them apart. */
export function checkServable(task: Task, file: string): void {
  const clash = task.tools.find((t) => t.name === SAY_TOOL || t.name === FINISH_TOOL);
  if (clash) throw new UserError(`${file}: tools: a tool named "${clash.name}" clashes with the tool serve adds for the agent; rename it to serve this task`);
}

/** What the agent is told: the policy, the user's opening message, and how to talk and end. */
export function agentBrief(task: Task): string {
  return [
    `You are the agent in the task "${task.title}". Help the user with their request.`,
    ...(task.system ? ['', 'Policy:', task.system] : []),
    '',
    "The user's opening message:",
    task.instruction,
    '',
    `Use the task's tools as you need. Talk to the user only with ${SAY_TOOL} (it answers with the user's reply); when you are done, call ${FINISH_TOOL}.`,
  ].join('\n');
}

/** Progress notifications while a move waits (a person typing a reply), for clients that reset their timeout on progress. */
const KEEPALIVE_MS = 10_000;

/** An MCP server (official SDK, low-level `Server`, so the task's JSON Schemas go out as they are) for one session. */
export function mcpServer(binding: McpBinding, version: string): Server {
  const { task } = binding;
  const server = new Server({ name: 'synthagent', version }, { capabilities: { tools: {}, prompts: {} }, instructions: agentBrief(task) });
  const tools: Tool[] = [
    ...task.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters as Tool['inputSchema'] })),
    {
      name: SAY_TOOL,
      description: "Send a message to the user (a question, or your answer). Returns the user's reply, or says that the user ended the conversation.",
      inputSchema: { type: 'object', properties: { text: { type: 'string', description: 'what you say to the user' } }, required: ['text'] },
    },
    {
      name: FINISH_TOOL,
      description: 'End the session when the task is done. The optional text is your last message to the user. Returns the session result.',
      inputSchema: { type: 'object', properties: { text: { type: 'string', description: 'your closing message to the user' } } },
    },
  ];
  let session: ReturnType<McpBinding['open']> | null = null;

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: [{ name: 'task', description: `The task "${task.title}": its policy and the user's opening message` }],
  }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => {
    if (request.params.name !== 'task') throw new McpError(ErrorCode.InvalidParams, `no prompt "${request.params.name}" (the one prompt is "task")`);
    return { description: task.title, messages: [{ role: 'user', content: { type: 'text', text: agentBrief(task) } }] };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const args = request.params.arguments ?? {};
    let action: AgentAction;
    if (name === SAY_TOOL) {
      if (typeof args.text !== 'string' || args.text.trim() === '') return failure(`${SAY_TOOL}: "text" must be the message to the user`);
      action = { type: 'say', text: args.text };
    } else if (name === FINISH_TOOL) {
      if (args.text !== undefined && typeof args.text !== 'string') return failure(`${FINISH_TOOL}: "text" must be a string when given`);
      action = args.text ? { type: 'finish', text: args.text } : { type: 'finish' };
    } else action = { type: 'call', tool: name, args };
    try {
      if (!session) {
        const client = server.getClientVersion();
        session = binding.open(client ? `${client.name} ${client.version}` : 'unknown client');
      }
      const token = request.params._meta?.progressToken;
      let beats = 0;
      const keepalive = token === undefined ? null : setInterval(() => void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++beats } }).catch(() => undefined), KEEPALIVE_MS);
      try {
        return answer(action, await session.step(action), session.file);
      } finally {
        if (keepalive) clearInterval(keepalive);
      }
    } catch (err) {
      if (err instanceof SessionOverError || err instanceof UserError) return failure(err.message);
      return failure(`synthagent could not play this move: ${errorMessage(err)}`);
    }
  });
  server.onclose = () => void binding.closed();
  return server;
}

function failure(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The session's result as the agent gets it from `finish` (and when a move ended the session). */
function resultText(result: SessionResult, file: string | null): string {
  return JSON.stringify({ end: result.end, score: result.score, passed: result.passed, rewards: result.rewards, ...(file ? { recording: displayPath(file) } : {}) });
}

/** A move's outcome as a tool result. */
function answer(action: AgentAction, out: StepOutcome, file: string | null): CallToolResult {
  const ended = out.result ? `The session has ended (${out.result.end}): ${resultText(out.result, file)}` : '';
  switch (action.type) {
    case 'call': {
      const res = out.items.find((i) => i.type === 'tool_result');
      if (!res) return failure(ended || 'the call was not run');
      const body = res.ok ? text(res.result) : text(res.error);
      return { content: [{ type: 'text', text: ended ? `${body}\n\n${ended}` : body }], ...(res.ok ? {} : { isError: true }) };
    }
    case 'say': {
      const replies = out.items.flatMap((i) => (i.type === 'user_message' ? [i.text] : []));
      if (replies.length === 0) return { content: [{ type: 'text', text: `The user ended the conversation. ${ended}`.trim() }] };
      return { content: [{ type: 'text', text: [replies.join('\n\n'), ended].filter(Boolean).join('\n\n') }] };
    }
    case 'finish':
    case 'calls':
      return { content: [{ type: 'text', text: out.result ? resultText(out.result, file) : 'finished' }] };
  }
}
