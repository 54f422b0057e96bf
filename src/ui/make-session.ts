import { recordingHeader } from '../adapters/recording-header.js';
import { newRecordingId } from '../adapters/ids.js';
import { RecordingStore } from '../adapters/recording-store.js';
import type { LoadedTask } from '../adapters/task-files.js';
import type { ForkPoint } from '../adapters/fork.js';
import { agentMoves, agentRole, extras, type ModelKit, userRole } from '../commands/model-kit.js';
import { parseRoleSpec, type RoleSpec } from '../roles/role-spec.js';
import type { Player } from './components/TaskCard.js';
import { SessionController } from './session-controller.js';

export interface SessionPlan {
  loaded: LoadedTask;
  agent: string;
  user: string;
  recordingsDir: string | null;
  fork?: ForkPoint;
  kit: ModelKit;
}

export interface PreparedSession {
  controller: SessionController;
  player: Player;
  others: { agent: string; user: string };
}

/** Builds the controller of a live session from role names (throws UserError on a bad role or script). */
export function prepareSession(plan: SessionPlan): PreparedSession {
  const agentSpec = parseRoleSpec('agent', plan.agent);
  const userSpec = parseRoleSpec('user', plan.user);
  const { task } = plan.loaded;
  const human = (s: RoleSpec): boolean => s.kind === 'human';
  const { simulate, judge } = extras(task, plan.loaded.file, plan.kit);
  const id = newRecordingId(task.id);
  const store = plan.recordingsDir ? new RecordingStore(plan.recordingsDir) : null;
  const file = store?.fileFor(id) ?? null;
  const controller = new SessionController({
    task,
    agent: human(agentSpec) ? { human: true } : { human: false, role: agentRole(plan.agent, task, plan.loaded.file, plan.kit, agentMoves(plan.fork?.prefix)) },
    user: human(userSpec) ? { human: true } : { human: false, role: userRole(plan.user, plan.kit) },
    simulate,
    judge,
    prefix: plan.fork?.prefix,
    recording:
      file && store
        ? {
            file,
            store,
            // The roles are filled in by the controller once it has built them.
            header: recordingHeader({ id, loaded: plan.loaded, file, fork: plan.fork, roles: { agent: { kind: agentSpec.kind }, user: { kind: userSpec.kind } } }),
          }
        : null,
  });
  const player: Player = human(agentSpec) && human(userSpec) ? 'both' : human(agentSpec) ? 'agent' : human(userSpec) ? 'user' : 'none';
  return { controller, player, others: { agent: plan.agent, user: plan.user } };
}
