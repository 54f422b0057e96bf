import { useSyncExternalStore } from 'react';
import type { SessionController, SessionSnapshot } from './session-controller.js';

/** The one subscription of the UI to a running session. */
export function useSession(controller: SessionController): SessionSnapshot {
  return useSyncExternalStore(controller.subscribe, controller.getSnapshot);
}
