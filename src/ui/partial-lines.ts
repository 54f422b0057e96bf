import { wrapText } from './format.js';

/**
 * The end of an answer still being written: `text` wrapped to `width`, its last `maxLines` lines. When
 * earlier lines are left out, the first one kept starts with "…" (in place of its first character
 * when the line is full).
 */
export function partialLines(text: string, width: number, maxLines: number): string[] {
  const w = Math.max(2, Math.floor(width));
  const lines = text
    .split('\n')
    .flatMap((line) => wrapText(line, w))
    .filter((line) => line !== '');
  if (lines.length <= maxLines) return lines;
  const tail = lines.slice(-Math.max(1, maxLines));
  const first = Array.from(tail[0]!);
  tail[0] = `…${first.slice(first.length >= w ? 1 : 0).join('')}`;
  return tail;
}
