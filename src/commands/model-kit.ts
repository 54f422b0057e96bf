import type { Event } from '../domain/events.js';
import { dirname, join } from 'node:path';
import type { ModelClient } from '../adapters/model-client.js';
import { type ModelConfig, type ModelFlags, modelConfig, requireModel } from '../adapters/model-config.js';
import type { ToolSimulator } from '../domain/mock-tools.js';
import type { Task } from '../domain/task.js';
import { modelAgent } from '../roles/model-agent.js';
import { modelJudge } from '../roles/model-judge.js';
import { modelToolSimulator } from '../roles/model-tool-simulator.js';
import { modelUser } from '../roles/model-user.js';
import { headlessAgent, headlessUser, parseRoleSpec } from '../roles/role-spec.js';
import type { AgentRole, UserRole } from '../roles/role.js';
import type { Judge } from '../session/run-session.js';

export const JUDGE_CACHE = '.synthagent/judge-cache.json';

/** Everything model-backed a session may use, built from flags and the environment. */
export interface ModelKit {
  config: ModelConfig;
  client: () => Promise<ModelClient>;
}

export function modelKit(flags: ModelFlags): ModelKit {
  const config = modelConfig(flags);
  let client: Promise<ModelClient> | null = null;
  // The openai SDK is loaded only when a model is really called: commands without models stay quick.
  return { config, client: () => (client ??= import('../adapters/model-client.js').then((m) => m.openaiModelClient(config))) };
}

/** A client that loads the SDK on the first call. */
function lazyClient(kit: ModelKit): ModelClient {
  return { chat: async (req, ctx) => (await kit.client()).chat(req, ctx) };
}

export interface SessionRoles {
  agent: AgentRole;
  user: UserRole;
  simulate?: ToolSimulator;
  judge?: Judge;
}

/** An agent that needs no person: reference, script or model (`done`: the agent's moves a fork's prefix holds). */
export function agentRole(text: string, task: Task, taskFile: string, kit: ModelKit, done = 0): AgentRole {
  const spec = parseRoleSpec('agent', text);
  if (spec.kind === 'model') return modelAgent(lazyClient(kit), requireModel(kit.config, 'agent', '--agent model'));
  return headlessAgent(spec, task, taskFile, done);
}

/** The agent's moves in a fork's prefix (a script step is one: a message, a call or the finish). */
export function agentMoves(prefix: readonly Event[] | undefined): number {
  return (prefix ?? []).filter((e) => e.type === 'tool_call' || e.type === 'agent_message').length;
}

/** A user that needs no person: sim, script or model. */
export function userRole(text: string, kit: ModelKit): UserRole {
  const spec = parseRoleSpec('user', text);
  if (spec.kind === 'model') return modelUser(lazyClient(kit), requireModel(kit.config, 'user', '--user model'));
  return headlessUser(spec);
}

/** Roles for a headless session (run, batch): scripts, reference, sim, or models. */
export function sessionRoles(agentText: string, userText: string, task: Task, taskFile: string, kit: ModelKit, prefix?: readonly Event[]): SessionRoles {
  return { agent: agentRole(agentText, task, taskFile, kit, agentMoves(prefix)), user: userRole(userText, kit), ...extras(task, taskFile, kit) };
}

/** The tool simulator (cache next to the task; a model when one is configured) and the judge. */
export function extras(task: Task, taskFile: string, kit: ModelKit): { simulate?: ToolSimulator; judge?: Judge } {
  const client = lazyClient(kit);
  const simulates = task.tools.some((t) => t.mock.simulate);
  const judges = JSON.stringify(task.rubric).includes('"type":"judge"');
  const toolModel = kit.config.models.tool;
  const judgeModel = kit.config.models.judge;
  return {
    ...(simulates ? { simulate: modelToolSimulator(join(dirname(taskFile), `${task.id}.simcache`), toolModel ? client : null, toolModel) } : {}),
    ...(judges && judgeModel ? { judge: modelJudge(client, judgeModel, JUDGE_CACHE) } : {}),
  };
}
