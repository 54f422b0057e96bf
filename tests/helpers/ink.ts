import { stripVTControlCharacters } from 'node:util';
import { SessionController } from '../../src/ui/session-controller.js';
import { simUser } from '../../src/roles/sim-user.js';
import type { Task } from '../../src/domain/task.js';
import type { AgentRole, UserRole } from '../../src/roles/role.js';
import { exampleTask } from './tasks.js';

/** Ink escape sequences, as a terminal sends them. */
export const KEY = {
  enter: '\r',
  esc: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  home: '\u001B[H',
  end: '\u001B[F',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  ctrlO: '\u000F',
  ctrlC: '\u0003',
} as const;

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
const immediate = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Waits until `lastFrame()` satisfies `ok`; fails with the last frame. Ink renders a key's state change
 * a macrotask after the key, and re-binds `useInput` handlers in effects that React runs one or more
 * macrotasks after that frame; a key written before then reaches the previous handler. So once the
 * frame is there, this also lets the scheduler run (a few setImmediate turns and a poll interval)
 * and checks that the frame still holds.
 */
export async function frameWhere(lastFrame: () => string | undefined, ok: (frame: string) => boolean, what = 'the expected frame', timeoutMs = 2000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen = false;
  for (;;) {
    if (seen) for (let i = 0; i < 3; i++) await immediate();
    await tick();
    const frame = stripVTControlCharacters(lastFrame() ?? '');
    if (ok(frame)) {
      if (seen) return frame;
      seen = true;
      continue;
    }
    seen = false;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame}`);
  }
}

/** Waits until the frame contains every one of `texts`. */
export function frameWith(lastFrame: () => string | undefined, ...texts: string[]): Promise<string> {
  return frameWhere(lastFrame, (f) => texts.every((t) => f.includes(t)), JSON.stringify(texts));
}

/** Waits until a condition outside the frame holds (a callback was called, a promise settled). */
export async function until(ok: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await tick();
    if (ok()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

/** The current frame without colours. */
export function plain(lastFrame: () => string | undefined): string {
  return stripVTControlCharacters(lastFrame() ?? '');
}

/** The input line with the prompt `prompt` ("agent ❯ …"), from the prompt on, without the box around it. */
export function inputRow(frame: string, prompt: string): string {
  const line = frame.split('\n').find((l) => l.replace(/^[│\s]+/, '').startsWith(`${prompt} ❯`));
  return line ? line.slice(line.indexOf(`${prompt} ❯`)).replace(/[\s│]+$/, '') : '';
}

/** A controller for the example task: a human agent against the rule simulator unless told otherwise. */
export function humanAgentController(task: Task = exampleTask(), user: UserRole = simUser()): SessionController {
  return new SessionController({ loaded: { task }, agent: { kind: 'human' }, user: { kind: 'given', role: user } });
}

export function humanUserController(agent: AgentRole, task: Task = exampleTask()): SessionController {
  return new SessionController({ loaded: { task }, agent: { kind: 'given', role: agent }, user: { kind: 'human' } });
}

interface Rendered {
  lastFrame: () => string | undefined;
  stdin: { write: (data: string) => void };
}

/** Keys and lines for a rendered screen, each step waiting for the frame it should produce. */
export function keyboard({ lastFrame, stdin }: Rendered) {
  return {
    frame: (): string => plain(lastFrame),
    /** Writes `keys` (one chunk) and waits until the frame satisfies `ok`. */
    press: (keys: string, ok: (frame: string) => boolean, what?: string): Promise<string> => {
      stdin.write(keys);
      return frameWhere(lastFrame, ok, what ?? `the frame after ${JSON.stringify(keys)}`);
    },
    /** Types `text` into the input line of `prompt` and waits until that line shows it. */
    type: (prompt: string, text: string): Promise<string> => {
      stdin.write(text);
      return frameWhere(lastFrame, (f) => inputRow(f, prompt).includes(text), `"${text}" in the ${prompt} input line`);
    },
  };
}
