import type { RoleInfo } from '../domain/recording.js';
import { type ForkPoint, forkSource, parentLink } from './fork.js';
import type { RecordingHeader } from './recording-file.js';
import { type LoadedTask, sourceFor } from './task-files.js';

/**
 * The header of a new recording saved at `file`: where its task came from (rebased for a fork) and,
 * for a fork, the link to its parent.
 */
export function recordingHeader(opts: { id: string; loaded: LoadedTask; file: string; roles: { agent: RoleInfo; user: RoleInfo }; fork?: ForkPoint | null }): RecordingHeader {
  const { id, loaded, file, roles, fork } = opts;
  return {
    id,
    createdAt: new Date().toISOString(),
    task: loaded.task,
    taskSource: fork ? forkSource(fork, file) : sourceFor(loaded, file),
    roles,
    ...(fork ? { parent: parentLink(fork, file) } : {}),
  };
}
