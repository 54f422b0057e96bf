import { styleText } from 'node:util';
import type { Output } from '../io.js';

type Color = 'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'blue' | 'gray' | 'bold' | 'dim';

/** Colors for plain-text output: only on a terminal, and never with NO_COLOR set. */
export function painter(stream: Output, env: NodeJS.ProcessEnv): (color: Color, text: string) => string {
  const on = Boolean(stream.isTTY) && !('NO_COLOR' in env && env.NO_COLOR !== '');
  // validateStream off: the decision is this stream's and this env's (styleText would look at process.stdout and process.env).
  return (color, text) => (on ? styleText(color, text, { validateStream: false }) : text);
}

/** Pads or cuts `text` to exactly `width` columns. */
export function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** One-line JSON, cut to `max` characters; with `how`, the cut says how many are left and how to see them. */
export function brief(value: unknown, max = 100, how = ''): string {
  const s = JSON.stringify(value) ?? 'null';
  if (s.length <= max) return s;
  return `${s.slice(0, max - 1)}…${how ? ` (${s.length - max + 1} more chars: ${how})` : ''}`;
}

/** How a transcript prints tool arguments and results: whole (the default), or cut short (`--brief`), saying how to see the rest. */
export type Detail = { brief: false } | { brief: true; how: string };

export const FULL: Detail = { brief: false };
