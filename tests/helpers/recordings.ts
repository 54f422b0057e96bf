import { RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import type { AgentScript, Task } from '../../src/domain/task.js';
import type { UserRole } from '../../src/roles/role.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';

/** A recording (in memory) of an agent script played against `user` (the rule simulator by default). */
export async function recordScript(task: Task, steps: AgentScript, user: UserRole = simUser()): Promise<Recording> {
  const { log, result } = await runSession({ task, agent: scriptAgent(steps, { kind: 'script' }), user });
  return {
    format: RECORDING_FORMAT, id: 'r1', createdAt: '2026-01-01T00:00:00.000Z', task, roles: { agent: { kind: 'script' }, user: user.info },
    events: [...log.events], result, complete: true,
  };
}
