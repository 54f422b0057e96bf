import { loadAgentScript, loadUserScript } from '../adapters/script-files.js';
import type { Task } from '../domain/task.js';
import { UserError } from '../errors.js';
import type { AgentRole, UserRole } from './role.js';
import { scriptAgent } from './script-agent.js';
import { scriptUser } from './script-user.js';
import { simUser } from './sim-user.js';

/** A role as named on the command line (SPEC §5). */
export type RoleSpec =
  | { kind: 'human' }
  | { kind: 'model' }
  | { kind: 'reference' }
  | { kind: 'sim' }
  | { kind: 'script'; file: string };

const AGENT_KINDS = ['human', 'model', 'reference', 'script:FILE'];
const USER_KINDS = ['sim', 'human', 'model', 'script:FILE'];

export function parseRoleSpec(side: 'agent' | 'user', text: string): RoleSpec {
  if (text.startsWith('script:')) {
    const file = text.slice('script:'.length);
    if (!file) throw new UserError(`--${side} script: needs a file, as in script:path/to/script.json`);
    return { kind: 'script', file };
  }
  const allowed = side === 'agent' ? ['human', 'model', 'reference'] : ['sim', 'human', 'model'];
  if (allowed.includes(text)) return { kind: text as 'human' | 'model' | 'reference' | 'sim' };
  const kinds = side === 'agent' ? AGENT_KINDS : USER_KINDS;
  throw new UserError(`--${side} ${text}: unknown role (one of ${kinds.join(', ')})`);
}

/**
 * Roles a command can run without a person at the keyboard or a model server. `done`: the agent's
 * moves a fork's prefix already holds; the reference, a whole solution, goes on from its next step
 * (a script is taken as given: the moves after the fork point).
 */
export function headlessAgent(spec: RoleSpec, task: Task, taskFile: string, done = 0): AgentRole {
  switch (spec.kind) {
    case 'reference':
      if (!task.reference) throw new UserError(`${taskFile}: reference: the task has no reference solution (play it with --agent model or script:FILE; imported tasks have none)`);
      return scriptAgent(task.reference.slice(done), { kind: 'reference' });
    case 'script':
      return scriptAgent(loadAgentScript(spec.file), { kind: 'script', script: spec.file });
    default:
      throw unavailable('agent', spec.kind);
  }
}

export function headlessUser(spec: RoleSpec): UserRole {
  switch (spec.kind) {
    case 'sim':
      return simUser();
    case 'script':
      return scriptUser(loadUserScript(spec.file), { kind: 'script', script: spec.file });
    default:
      throw unavailable('user', spec.kind);
  }
}

function unavailable(side: string, kind: string): UserError {
  if (kind === 'human') return new UserError(`--${side} human needs the playground: use synthagent play`);
  return new UserError(`--${side} ${kind}: not available here`);
}
