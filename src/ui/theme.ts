import type { ItemStatus } from '../domain/score.js';
import type { Tone } from './format.js';

/** Ink colors per transcript tone. NO_COLOR is honoured at startup (see play.tsx), not here. */
export const TONE_COLOR: Record<Tone, string> = {
  user: 'cyan',
  agent: 'magenta',
  tool: 'blue',
  ok: 'blue',
  error: 'red',
  hit: 'green',
  violation: 'red',
  note: 'yellow',
  end: 'white',
};

export const STATUS_LOOK: Record<ItemStatus, { icon: string; color: string }> = {
  pending: { icon: '·', color: 'gray' },
  satisfied: { icon: '✓', color: 'green' },
  clear: { icon: '✓', color: 'green' },
  missed: { icon: '○', color: 'yellow' },
  violated: { icon: '✗', color: 'red' },
  unjudged: { icon: '?', color: 'gray' },
};
