import { afterAll, describe, expect, it } from 'vitest';
import { JsonataSandbox } from '../../src/adapters/jsonata-sandbox.js';

const sandbox = new JsonataSandbox();
const evaluateJsonata = sandbox.evaluate;
afterAll(() => sandbox.close());

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

/** Issue 15, findings 3 and 4: a hostile expression fails its call with a clear message; the process lives on. */
describe('the sandbox bounds what a task expression can do', () => {
  it('a catastrophic regular expression is matched in linear time', async () => {
    const started = performance.now();
    const out = await evaluateJsonata('$match(s, /^(a|a?)+$/)', { s: `${'a'.repeat(5000)}b` });
    expect(out).toEqual({ ok: true, value: null });
    expect(performance.now() - started).toBeLessThan(1900);
    expect(await evaluateJsonata('$match(s, /(?:a|a)*(b)/).groups', { s: 'aaab' })).toEqual({ ok: true, value: ['b'] });
    expect(await evaluateJsonata("$replace(s, /a(x)?/, 'o')", { s: 'banana' })).toEqual({ ok: true, value: 'bonono' });
  });

  it('a regular expression RE2 cannot run (lookahead) fails the call in one line', async () => {
    const out = await evaluateJsonata('$contains(s, /a(?=b)/)', { s: 'ab' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/regular expression \/a\(\?=b\)\/ not supported/);
  });

  it('eight 500 MB $pad calls die of the memory cap in the worker, and the next call works', async () => {
    const out = await evaluateJsonata('[1..8].$pad("a", 500000000)', {});
    expect(out).toEqual({ ok: false, error: expect.stringMatching(/JSONata used more than 256 MB of memory|JSONata took longer than|larger than|Invalid string length/) });
    expect(await evaluateJsonata('1 + 1', {})).toEqual({ ok: true, value: 2 });
  });

  it('a value too large to keep is refused', async () => {
    const out = await evaluateJsonata('$pad("a", 5000000)', {});
    expect(out).toEqual({ ok: false, error: 'the value is larger than 4 MB of JSON' });
  });

  it.each([
    ['$eval("$" & "now()")', '$eval'],
    ['$eval("1")', '$eval'],
    ['($f := $now; $f())', '$now'],
    ['$millis()', '$millis'],
    ['$random()', '$random'],
    ['$shuffle([1, 2, 3])', '$shuffle'],
  ])('%s is refused at run time', async (source, name) => {
    const out = await evaluateJsonata(source, {});
    expect(out).toEqual({ ok: false, error: `${name}() is not allowed in a task (its value changes run to run, or it evaluates text as code)` });
  });

  it('an evaluation is stopped at the hard deadline whatever it does, and the next call works', async () => {
    const quick = new JsonataSandbox({ deadlineMs: 50, memoryMb: 256, maxChars: 4_000_000 });
    try {
      const out = await quick.evaluate('($f := function($n){ $n > 0 ? $f($n - 1) : 0 }; $sum([1..99999].$f(400)))', {});
      expect(out).toEqual({ ok: false, error: 'JSONata took longer than 1000 ms (stopped after 50 ms)' });
      expect(await quick.evaluate('2 * 3', {})).toEqual({ ok: true, value: 6 });
    } finally {
      await quick.close();
    }
  });
});
