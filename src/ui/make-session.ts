import type { ForkPoint } from '../adapters/fork.js';
import type { ModelKit } from '../adapters/model-kit.js';
import { RecordingStore } from '../adapters/recording-store.js';
import type { RunCaches } from '../adapters/run-caches.js';
import type { LoadedTask } from '../adapters/task-files.js';
import { parseRoleSpec } from '../roles/role-spec.js';
import type { Player } from './components/TaskCard.js';
import { SessionController } from './session-controller.js';

export interface SessionPlan {
  loaded: LoadedTask;
  agent: string;
  user: string;
  recordingsDir: string | null;
  fork?: ForkPoint;
  kit: ModelKit;
  /** The playground's caches, shared by the sessions it plays. */
  caches: RunCaches;
}

export interface PreparedSession {
  controller: SessionController;
  player: Player;
  others: { agent: string; user: string };
}

/** Builds the controller of a live session from role names (throws UserError on a bad role or script). */
export function prepareSession(plan: SessionPlan): PreparedSession {
  const agent = parseRoleSpec('agent', plan.agent);
  const user = parseRoleSpec('user', plan.user);
  const store = plan.recordingsDir ? new RecordingStore(plan.recordingsDir) : null;
  const controller = new SessionController(
    { loaded: plan.loaded, agent, user, fork: plan.fork, record: store ? 'store' : null },
    { models: plan.kit, caches: plan.caches, store },
  );
  const human = { agent: agent.kind === 'human', user: user.kind === 'human' };
  const player: Player = human.agent && human.user ? 'both' : human.agent ? 'agent' : human.user ? 'user' : 'none';
  return { controller, player, others: { agent: plan.agent, user: plan.user } };
}
