import type { ForkPoint } from '../adapters/fork.js';
import type { ModelKit } from '../adapters/model-kit.js';
import { RecordingStore } from '../adapters/recording-store.js';
import type { RunCaches } from '../adapters/run-caches.js';
import type { LoadedTask } from '../adapters/task-files.js';
import { parseRoleSpec } from '../roles/role-spec.js';
import type { PlaygroundMcp } from '../serve/mcp-play.js';
import type { AgentSource } from '../session/start.js';
import { UserError } from '../errors.js';
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
  /** `--agent mcp`: the playground's MCP endpoint, whose next client plays the agent. */
  mcp?: PlaygroundMcp;
  /** A person also answers simulated tools (`--tools human`) and decides judge items (`--judge human`). */
  people?: { tools?: boolean; judge?: boolean };
  /** `--pace MS`: when nobody plays, ms between the events shown (default 0: as fast as they come). */
  pace?: number;
}

export interface PreparedSession {
  controller: SessionController;
  player: Player;
  others: { agent: string; user: string };
}

/** Builds the controller of a live session from role names (throws UserError on a bad role or script). */
export function prepareSession(plan: SessionPlan): PreparedSession {
  // An outside agent (MCP) takes a seat; the session starts once a client has taken it.
  if (plan.agent === 'mcp' && !plan.mcp) throw new UserError('--agent mcp: start the playground with synthagent play --task T --agent mcp');
  const seat = plan.agent === 'mcp' ? plan.mcp!.open() : null;
  const agent: AgentSource = seat ? { kind: 'given', role: seat.agent } : parseRoleSpec('agent', plan.agent);
  const user = parseRoleSpec('user', plan.user);
  const store = plan.recordingsDir ? new RecordingStore(plan.recordingsDir) : null;
  const human = { agent: agent.kind === 'human', user: user.kind === 'human' };
  const player: Player = human.agent && human.user ? 'both' : human.agent ? 'agent' : human.user ? 'user' : 'none';
  // Nobody at the keyboard plays (nor answers tools or judges): the session is watched, at a pace, pausable.
  const watched = player === 'none' && !seat && !plan.people?.tools && !plan.people?.judge;
  const controller = new SessionController(
    { loaded: plan.loaded, agent, user, fork: plan.fork, record: store ? 'store' : null, people: plan.people, ...(watched ? { pace: plan.pace ?? 0 } : {}) },
    { models: plan.kit, caches: plan.caches, store },
    seat?.taken,
  );
  if (seat) {
    seat.file = controller.getSnapshot().recordingFile;
    seat.abort = () => controller.abort();
    // The agent's last move (finish, or a say the user ended) is answered once the session is over.
    const stop = controller.subscribe(() => {
      const snap = controller.getSnapshot();
      if (!snap.result) return;
      stop();
      seat.agent.close(controller.task, snap.events, snap.result);
    });
  }
  return { controller, player, others: { agent: seat ? `the MCP agent (${plan.mcp!.url})` : plan.agent, user: plan.user } };
}
