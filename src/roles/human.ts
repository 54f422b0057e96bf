import type { RoleInfo } from '../domain/recording.js';
import type { AgentAction, AgentRole, UserAction, UserRole } from './role.js';

/**
 * Where a person's moves arrive from the UI. The role awaits `next()`; the UI calls `submit()`.
 * `onWait` tells the UI when input is wanted (true) and when it was taken (false).
 */
export class HumanInbox<T> {
  private pending: { resolve: (value: T) => void; reject: (err: Error) => void } | null = null;

  constructor(private readonly onWait: (waiting: boolean) => void) {}

  next(signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(new Error('aborted'));
      const onAbort = (): void => {
        this.pending = null;
        reject(new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        resolve: (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        reject,
      };
      this.onWait(true);
    });
  }

  get waiting(): boolean {
    return this.pending !== null;
  }

  /** Hands a move to the waiting role; false when nobody is waiting. */
  submit(value: T): boolean {
    const p = this.pending;
    if (!p) return false;
    this.pending = null;
    this.onWait(false);
    p.resolve(value);
    return true;
  }
}

export function humanAgent(inbox: HumanInbox<AgentAction>, info: RoleInfo = { kind: 'human' }): AgentRole {
  return { info, act: (_view, ctx) => inbox.next(ctx.signal) };
}

export function humanUser(inbox: HumanInbox<UserAction>, info: RoleInfo = { kind: 'human' }): UserRole {
  return { info, act: (_turn, ctx) => inbox.next(ctx.signal) };
}
