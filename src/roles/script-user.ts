import type { RoleInfo } from '../domain/recording.js';
import type { UserScript } from '../domain/task.js';
import type { UserAction, UserRole } from './role.js';

/** Plays a user script (SPEC §2); a script that runs out stops. */
export function scriptUser(steps: UserScript, info: RoleInfo): UserRole {
  let next = 0;
  return {
    info,
    act: async (): Promise<UserAction> => {
      const step = steps[next++];
      if (!step || 'stop' in step) return { type: 'stop' };
      return { type: 'say', text: step.say };
    },
  };
}
