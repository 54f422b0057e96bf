import type { AgentScript } from '../domain/task.js';
import type { RoleInfo } from '../domain/recording.js';
import type { AgentAction, AgentRole } from './role.js';

/** Plays an agent script step by step (SPEC §2); a script that runs out finishes. */
export function scriptAgent(steps: AgentScript, info: RoleInfo): AgentRole {
  let next = 0;
  return {
    info,
    act: async (): Promise<AgentAction> => {
      const step = steps[next++];
      if (!step) return { type: 'finish' };
      if ('say' in step) return { type: 'say', text: step.say };
      if ('call' in step) return { type: 'call', tool: step.call, args: step.args };
      return step.finish === undefined ? { type: 'finish' } : { type: 'finish', text: step.finish };
    },
  };
}
