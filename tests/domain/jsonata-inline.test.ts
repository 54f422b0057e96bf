import { afterAll, describe, expect, it } from 'vitest';
import { JsonataSandbox } from '../../src/adapters/jsonata-sandbox.js';
import { evaluateInline, INLINE_INPUT_LIMIT } from '../../src/domain/jsonata-inline.js';

const MAX = 4_000_000;
const child = new JsonataSandbox(undefined, { inline: false });
afterAll(() => child.close());

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

const world = () =>
  deepFreeze({
    today: '2026-05-01',
    next_request: 7,
    orders: [
      { id: 'W-1', customer_id: 'C-1', delivered_at: '2026-03-01', items: [{ item_id: 'I-1-1', name: 'Lamp', status: 'delivered' }, { item_id: 'I-1-2', name: 'Desk', status: 'delivered' }] },
      { id: 'W-2', customer_id: 'C-1', delivered_at: '2026-04-20', items: [{ item_id: 'I-2-1', name: 'Chair', status: 'delivered' }] },
    ],
    leave_requests: [] as unknown[],
  });

/** Expressions of the kind synthesized tasks are made of (the bench's offline tasks use these shapes). */
const PLAIN: [string, Record<string, unknown>][] = [
  ['( $r := world.orders[id = $uppercase($trim($$.args.order_id))]; $exists($r) ? $r : {"error": "order not found"} )', { order_id: ' w-1 ' }],
  ['( $r := world.orders[id = $uppercase($trim($$.args.order_id))]; $exists($r) ? $r : {"error": "order not found"} )', { order_id: 'W-9' }],
  ['( $o := world.orders[customer_id = $$.args.customer_id]; $exists($o) ? [$o.{"order_id": id, "items": $count(items)}] : {"error": "none"} )', { customer_id: 'C-1' }],
  ['world ~> | orders[id = $uppercase($trim($$.args.order_id))].items[$lowercase(name) = $lowercase($trim($$.args.item_name))] | {"status": "return_requested", "ref": "R-" & $substringAfter(item_id, "I-")} |', { order_id: 'w-1', item_name: 'DESK' }],
  ['$merge([world, {"next_request": world.next_request + 1, "leave_requests": $append(world.leave_requests, [{"id": "LR-" & world.next_request, "days": ($toMillis($$.args.end) - $toMillis($$.args.start)) / 86400000 + 1}])}])', { start: '2026-05-04', end: '2026-05-06' }],
  ['world.orders[id = "W-1"].(items[item_id = "I-1-1"].status = "delivered" and $count(items[status = "lost"]) = 0)', {}],
  ['$lookup({"a": 1, "b": 2}, $$.args.k) > 1 ? $string($$.args) : $keys(world.orders[0])', { k: 'b' }],
];

describe('plain expressions run in this process', () => {
  it.each(PLAIN)('%s gives the child’s value', async (source, args) => {
    const input = { world: world(), args: deepFreeze(args) };
    const inline = await evaluateInline(source, input, MAX);
    expect(inline).not.toBeNull();
    const there = await child.evaluate(source, { world: world(), args });
    expect(there.ok).toBe(true);
    if (there.ok) expect(JSON.parse(inline!)).toEqual(there.value);
  });

  it('a sandbox answers them without its child', async () => {
    const sandbox = new JsonataSandbox();
    for (const [source, args] of PLAIN) expect((await sandbox.evaluate(source, { world: world(), args })).ok).toBe(true);
    expect(sandbox.answered).toEqual({ remembered: 0, inline: PLAIN.length, child: 0 });
    await sandbox.close();
  });
});

describe('everything else goes to the child', () => {
  it.each([
    ['a function definition', '($f := function($n) { $n < 2 ? $n : $f($n - 1) }; $f(5))'],
    ['a regular expression', '$match("ab", /a/)'],
    ['a range', '[1..5]'],
    ['$pad', '$pad("a", 5)'],
    ['$eval', '$eval("1")'],
    ['$now through a variable', '($t := $now; $t())'],
    ['a banned function as a value', '($t := $now; 1)'],
    ['a rebound built-in', '($uppercase := $lowercase; $uppercase("A"))'],
    ['a variable the expression does not bind', '$x'],
    ['sort', 'world.orders^(id)'],
    ['parent', 'world.orders.items.%.id'],
    ['focus binding', 'world.orders@$o.$o.id'],
    ['index binding', 'world.orders#$i.$i'],
    ['group by', 'world.orders{id: customer_id}'],
    ['$join', '$join(["a"], "b")'],
    ['$substringAfter with a long separator', `$substringAfter("abc", "${'b'.repeat(300)}")`],
    ['$contains with one argument', '$contains("a")'],
    ['$toMillis with a picture', '$toMillis("2026", "[Y]")'],
    ['a syntax error', '('],
  ])('%s', async (_what, source) => {
    expect(await evaluateInline(source, { world: world(), args: {} }, MAX)).toBeNull();
  });

  it('a value that doubles step after step stops at the budget', async () => {
    const doubling = `( $a := [$$]; ${Array.from({ length: 40 }, () => '$a := [$a, $a];').join(' ')} $a )`;
    expect(await evaluateInline(doubling, { world: world(), args: {} }, MAX)).toBeNull();
    const text = `( $s := "ab"; ${Array.from({ length: 40 }, () => '$s := $s & $s;').join(' ')} $uppercase($s) )`;
    expect(await evaluateInline(text, {}, MAX)).toBeNull();
  });

  it('work multiplied over an input stops at the budget', async () => {
    const input = { s: 'x'.repeat(20_000), items: Array.from({ length: 1000 }, (_, i) => i) };
    expect(await evaluateInline('items.($uppercase($$.s & $$.s))', input, MAX)).toBeNull();
    expect(await evaluateInline('items.[$$, $$]', input, MAX)).toBeNull();
  });

  it('a large input, and a value over the size limit', async () => {
    expect(await evaluateInline('$count(items)', { items: Array.from({ length: INLINE_INPUT_LIMIT }, () => 1) }, MAX)).toBeNull();
    expect(await evaluateInline('$uppercase(s)', { s: 'x'.repeat(1000) }, 500)).toBeNull();
  });

  it('an error is left to the child, which words it', async () => {
    expect(await evaluateInline('$uppercase(5)', {}, MAX)).toBeNull();
  });
});
