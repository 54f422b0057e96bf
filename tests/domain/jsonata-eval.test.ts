import { describe, expect, it } from 'vitest';
import { BANNED_FUNCTIONS, compileJsonata, JSONATA_LIMITS, jsonataMessage, NONDETERMINISTIC_FUNCTIONS } from '../../src/domain/jsonata-eval.js';

describe('compileJsonata', () => {
  it('compiles once per source: the same result object', () => {
    const a = compileJsonata('world.refunded');
    expect(a.ok).toBe(true);
    expect(compileJsonata('world.refunded')).toBe(a);
  });

  it('a syntax error is a result with the reason, not a throw', () => {
    const bad = compileJsonata('world.[');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.length).toBeGreaterThan(0);
    expect(compileJsonata('world.[')).toBe(bad);
  });

  it('evaluates (the compiled expression is usable)', async () => {
    const c = compileJsonata('$sum(items.price)');
    expect(c.ok && (await c.expression.evaluate({ items: [{ price: 2 }, { price: 3 }] }))).toBe(5);
  });
});

describe('jsonataMessage', () => {
  it.each<[unknown, string]>([
    [{ code: 'D1012', message: 'Expression evaluation timeout' }, `JSONata took longer than ${JSONATA_LIMITS.timeout} ms (infinite loop?)`],
    [{ code: 'D1011', message: 'Stack overflow' }, `JSONata recursed deeper than ${JSONATA_LIMITS.stack}`],
    [new Error('T2001: bad operand'), 'T2001: bad operand'],
  ])('%j → %j', (err, text) => expect(jsonataMessage(err)).toBe(text));
});

describe('banned functions', () => {
  it('every nondeterministic function is banned, and $eval too', () => {
    for (const f of NONDETERMINISTIC_FUNCTIONS) expect(BANNED_FUNCTIONS).toContain(f);
    expect(BANNED_FUNCTIONS).toContain('$eval');
  });
});
