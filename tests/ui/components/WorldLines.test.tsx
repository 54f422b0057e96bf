import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { WorldLines, worldLinesWanted } from '../../../src/ui/components/WorldLines.js';
import { plain } from '../../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

const lines = (before: unknown, after: unknown, width: number, maxLines: number): string[] => {
  const inst = render(
    <Box flexDirection="column" width={width}>
      <WorldLines before={before} after={after} width={width} maxLines={maxLines} />
    </Box>,
  );
  mounted.push(inst.unmount);
  return plain(inst.lastFrame).split('\n');
};

describe('WorldLines', () => {
  it('an unchanged world says so, as JSON', () => {
    expect(lines({ a: 1 }, { a: 1 }, 60, 5)).toEqual(['world (unchanged at this step): {"a":1}']);
  });

  it('the changes first, then the world', () => {
    const out = lines({ b: { seat: 'A' } }, { b: { seat: 'B' }, n: 1 }, 60, 5);
    expect(out[0]).toBe('Δ b.seat: "A" → "B"');
    expect(out[1]).toBe('Δ n: (none) → 1');
    expect(out[2]).toBe('world: {"b":{"seat":"B"},"n":1}');
  });

  it('too many changes: as many as fit, one row counting the rest, and the world still shows', () => {
    const after = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const out = lines({}, after, 60, 4);
    expect(out).toHaveLength(4);
    expect(out[2]).toBe('Δ … 8 more changes');
    expect(out[3]).toMatch(/^world: /);
  });

  it('a long world is cut within the lines given', () => {
    const after = { text: 'x'.repeat(500) };
    const out = lines(after, after, 40, 3);
    expect(out).toHaveLength(3);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(40);
    expect(out.at(-1)).toMatch(/more chars/);
  });
});

describe('worldLinesWanted', () => {
  it.each<[unknown, unknown, number, number]>([
    [{ a: 1 }, { a: 1 }, 80, 1],
    [{ a: 1 }, { a: 2 }, 80, 2],
    [{}, { a: 1, b: 2 }, 80, 3],
    [{ t: 'x'.repeat(100) }, { t: 'x'.repeat(100) }, 40, 4],
  ])('%j → %j at %d: %d lines', (before, after, width, n) => expect(worldLinesWanted(before, after, width)).toBe(n));
});
