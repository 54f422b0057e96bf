import type { ItemStatus } from '../domain/score.js';
import type { Tone } from './format.js';

/**
 * Ink colors per transcript tone. NO_COLOR is not read here: commands/play.ts turns it into FORCE_COLOR=0,
 * which Ink's colours obey, and LineText drops inverse and bold for it too.
 */
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

/**
 * How each item status looks. A forbidden item never triggered is `clear`: a neutral mark and the words
 * "not violated", not a check mark that reads as "done".
 */
export const STATUS_LOOK: Record<ItemStatus, { icon: string; color: string; label: string }> = {
  pending: { icon: '·', color: 'gray', label: 'pending' },
  satisfied: { icon: '✓', color: 'green', label: 'satisfied' },
  clear: { icon: '·', color: 'green', label: 'not violated' },
  missed: { icon: '○', color: 'yellow', label: 'missed' },
  violated: { icon: '✗', color: 'red', label: 'violated' },
  unjudged: { icon: '?', color: 'gray', label: 'unjudged' },
};
