import { Text } from 'ink';
import { clip, type WorldChange, worldChanges, wrapClipped, wrapText } from '../format.js';

/** Lines the world takes at `width` when it has all the room it wants (its changes, then its JSON). */
export function worldLinesWanted(before: unknown, after: unknown, width: number): number {
  const changes = worldChanges(before, after);
  return changes.length + wrapText(worldText(after, changes.length), width).length;
}

/**
 * The world after a step in at most `maxLines` lines: first each leaf that changed at this step
 * ("Δ bookings[0].flight_id "UA12" → "UA14"", in yellow), then the whole world as JSON, wrapped and
 * cut with "… (N more chars)". The changes come first so a cut never hides them.
 */
export function WorldLines({ before, after, width, maxLines }: { before: unknown; after: unknown; width: number; maxLines: number }) {
  const changes = worldChanges(before, after);
  const changeRows = changes.length <= maxLines - 1 ? changes.map(changeLine) : [...changes.slice(0, Math.max(0, maxLines - 2)).map(changeLine), `Δ … ${changes.length - Math.max(0, maxLines - 2)} more changes`];
  const json = wrapClipped(worldText(after, changes.length), width, Math.max(1, maxLines - changeRows.length));
  return (
    <>
      {changeRows.map((line, i) => (
        <Text key={`c${i}`} color="yellow" wrap="truncate-end">
          {clip(line, width)}
        </Text>
      ))}
      {json.map((line, i) => (
        <Text key={`w${i}`} color="gray" wrap="truncate-end">
          {line}
        </Text>
      ))}
    </>
  );
}

function changeLine(c: WorldChange): string {
  const show = (v: unknown): string => (v === undefined ? '(none)' : clip(JSON.stringify(v), 30));
  return `Δ ${c.path}: ${show(c.before)} → ${show(c.after)}`;
}

function worldText(world: unknown, changes: number): string {
  return `world${changes ? '' : ' (unchanged at this step)'}: ${JSON.stringify(world)}`;
}
