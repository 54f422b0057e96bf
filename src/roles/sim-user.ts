import { simReply } from '../domain/sim-user.js';
import type { UserRole } from './role.js';

/** The built-in rule user simulator (deterministic, no model). */
export function simUser(): UserRole {
  return {
    info: { kind: 'sim' },
    act: async ({ task, agentText, revealed }) => simReply(task, agentText, revealed),
  };
}
