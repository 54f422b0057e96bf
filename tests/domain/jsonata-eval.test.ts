import { describe, expect, it } from 'vitest';
import { evaluateJsonata } from '../../src/domain/jsonata-eval.js';

describe('evaluateJsonata', () => {
  const query = 'world.items[id = $$.args.id].name';

  it('answers by the contents of the world, not by which object holds it', async () => {
    const world = { items: [{ id: 1, name: 'one' }] };
    expect(await evaluateJsonata(query, { args: { id: 1 }, world })).toEqual({ ok: true, value: 'one' });
    expect(await evaluateJsonata(query, { args: { id: 1 }, world: structuredClone(world) })).toEqual({ ok: true, value: 'one' });
    // A changed world is a new object (worlds are never changed in place): a new answer.
    const changed = { items: [{ id: 1, name: 'uno' }] };
    expect(await evaluateJsonata(query, { args: { id: 1 }, world: changed })).toEqual({ ok: true, value: 'uno' });
    expect(await evaluateJsonata(query, { args: { id: 1 }, world })).toEqual({ ok: true, value: 'one' });
  });

  it('tells the arguments apart', async () => {
    const world = { items: [{ id: 1, name: 'one' }, { id: 2, name: 'two' }] };
    expect(await evaluateJsonata(query, { args: { id: 2 }, world })).toEqual({ ok: true, value: 'two' });
    expect(await evaluateJsonata(query, { args: { id: '2' }, world })).toEqual({ ok: true, value: null });
  });

  it('gives each caller its own copy of a remembered value', async () => {
    const world = { items: [{ id: 1, name: 'one' }] };
    const a = await evaluateJsonata('world.items', { world });
    if (a.ok) (a.value as { name: string }[])[0]!.name = 'changed by a caller';
    expect(await evaluateJsonata('world.items', { world })).toEqual({ ok: true, value: [{ id: 1, name: 'one' }] });
  });
});
