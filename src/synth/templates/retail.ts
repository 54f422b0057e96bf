import type { AgentStep } from '../../domain/task.js';
import {
  type AskedFact, called, difficultyFor, distractor, findById, idArg, isoDate, lit, money, PERSONAS, type Person, people, pickDistractors, rx,
  standardRubric, type Template, tool, worldGoal,
} from '../kit.js';

const STORES = ['Trailhead Outfitters', 'Northwind Goods', 'Maple & Pine', 'Harbor Supply Co.', 'Summit Gear'];
const PRODUCTS: readonly [string, number][] = [
  ['trail running shoes', 89], ['rain jacket', 120], ['wool beanie', 24], ['yoga mat', 35], ['insulated water bottle', 28],
  ['hiking socks', 14.5], ['daypack', 75], ['headlamp', 29], ['camping chair', 49], ['sleeping bag', 139], ['fleece vest', 65],
  ['polarized sunglasses', 55], ['bike helmet', 59], ['running tights', 45], ['travel pillow', 22], ['trekking poles', 79],
];
const REFUNDS = [
  { value: 'store credit', method: 'store_credit' },
  { value: 'original payment', method: 'original_payment' },
] as const;
const REASONS = [
  { value: 'too small', code: 'wrong_size', answer: "It's too small." },
  { value: 'too big', code: 'wrong_size', answer: "It's too big for me." },
  { value: 'arrived damaged', code: 'defective', answer: 'It arrived damaged.' },
  { value: 'not as described', code: 'not_as_described', answer: "It's not as described on the website." },
] as const;

const INSTRUCTIONS = [
  'Hi, I need to send something back from a recent order. Can you help me with a return?',
  "Hello, I'd like to return an item I bought from you.",
  "Something I ordered isn't working out for me. How do I return it?",
  'Hi! Can you set up a return for me, please?',
];
const TITLES = ['Return one item of an order', 'Start a return for a single item', 'Handle a product return'];

/** Return one item of a delivered order, refunded the way the user wants; keep the rest of the order. */
export const retail: Template = {
  domain: 'retail',
  build(rng) {
    const store = rng.pick(STORES);
    const [customer, other] = people(rng, 2) as [Person, Person];
    const [customerId, otherId] = rng.distinctInts(2, 1000, 9999).map((n) => `C-${n}`) as [string, string];
    const todayDay = rng.int(90, 330);
    const today = isoDate(todayDay);
    const orderCount = rng.int(3, 5);
    const targetOrder = rng.int(0, orderCount - 1);
    // One more order at the end, of another customer.
    const orderNumbers = rng.distinctInts(orderCount + 1, 10000, 99999);
    const sizes = orderNumbers.map((_, i) => (i === targetOrder ? rng.int(2, 3) : rng.int(1, 2)));
    const products = rng.sample(PRODUCTS, sizes.reduce((a, b) => a + b, 0));
    let next = 0;
    // Newest first: the target was delivered within the 30-day window, older orders outside it, and
    // the newest may still be processing.
    const orders = orderNumbers.map((num, i) => {
      const placed = i < targetOrder ? todayDay - 1 - 2 * i : i === targetOrder ? todayDay - rng.int(10, 20) : todayDay - 36 - 5 * (i - targetOrder) - rng.int(0, 4);
      const processing = i === 0 && targetOrder > 0;
      const items = products.slice(next, (next += sizes[i]!)).map(([name, price], k) => ({ item_id: `I-${num}-${k + 1}`, name, price, status: processing ? 'processing' : 'delivered' }));
      return {
        id: `W-${num}`,
        customer_id: i === orderCount ? otherId : customerId,
        placed_at: isoDate(placed),
        status: processing ? 'processing' : 'delivered',
        ...(processing ? {} : { delivered_at: isoDate(Math.min(placed + rng.int(2, 6), todayDay - 1)) }),
        payment: `Visa ending ${rng.int(1000, 9999)}`,
        items,
      };
    });
    const order = orders[targetOrder]!;
    const item = rng.pick(order.items);
    const refund = rng.pick(REFUNDS);
    const reason = rng.chance(0.5) ? rng.pick(REASONS) : null;
    const rma = `RMA-${item.item_id.slice(2)}`;

    const facts: AskedFact[] = [
      {
        fact: {
          id: 'item', description: 'item to return', value: item.name,
          aliases: ['which item', 'what item', 'which product', 'what product', 'which one', 'what would you like to return', 'what do you want to return'],
          params: ['return_item.item_id'],
          answer: rng.pick([`The ${item.name} from my last order.`, `The ${item.name}.`, `I want to send back the ${item.name}.`]),
        },
        asks: 'Asks which item the customer wants to return',
      },
      ...(reason
        ? [{
            fact: { id: 'reason', description: 'reason for the return', value: reason.value, aliases: ['reason', 'what is wrong', "what's wrong", 'what went wrong'], params: ['return_item.reason'], answer: reason.answer },
            asks: 'Asks why the item is being returned',
          }]
        : []),
      {
        fact: {
          id: 'refund_method', description: 'refund preference', value: refund.value,
          aliases: ['refund', 'refunded', 'money back', 'payment method', 'store credit', 'original payment'],
          params: ['return_item.refund_method'],
          answer: refund.method === 'store_credit' ? 'Store credit is fine.' : 'Back to my original payment, please.',
        },
        asks: 'Asks how the customer wants the refund paid',
      },
    ];

    const distractors = pickDistractors(rng, [
      distractor('return_order', 'Start the return of every item of an order at once.', { order_id: 'string', refund_method: { type: 'string', enum: ['original_payment', 'store_credit'] } }, { status: 'return_created', items_returned: 'all' }, 'Returns the whole order'),
      distractor('issue_refund', 'Pay a refund to the customer immediately, without a return.', { order_id: 'string', amount: { type: 'number' } }, { status: 'refunded' }, 'Pays a refund directly'),
      distractor('cancel_order', 'Cancel an order and refund it in full.', { order_id: 'string' }, { status: 'cancelled' }, 'Cancels an order'),
    ]);
    const tools = [
      tool('list_orders', "List a customer's orders, newest first, with their status and item names.", { customer_id: 'string' }, {
        query: `( $o := world.orders[customer_id = ${idArg('customer_id')}]; $exists($o) ? [$o.{"order_id": id, "placed_at": placed_at, "status": status, "items": [items.name]}] : {"error": "no orders for that customer"} )`,
      }),
      tool('get_order', 'Full details of an order: delivery date, payment and each item with its item_id, price and status.', { order_id: 'string' }, { query: findById('world.orders', 'id', 'order_id', 'order not found') }),
      tool('return_item', 'Start the return of one delivered item (within 30 days of delivery) and email a prepaid label. refund_method: original_payment or store_credit.', {
        order_id: 'string', item_id: 'string',
        refund_method: { type: 'string', enum: ['original_payment', 'store_credit'] },
        reason: { type: 'string', enum: ['wrong_size', 'defective', 'not_as_described', 'changed_mind', 'other'], optional: true },
      }, {
        query: `( $o := world.orders[id = ${idArg('order_id')}]; $i := $o.items[item_id = ${idArg('item_id')}]; `
          + `$not($exists($o)) ? {"error": "order not found"} : $o.status != "delivered" ? {"error": "order " & $o.id & " has not been delivered yet"} : `
          + `$not($exists($i)) ? {"error": "order " & $o.id & " has no item " & $$.args.item_id} : $i.status != "delivered" ? {"error": "item " & $i.item_id & " is already " & $i.status} : `
          + `($toMillis(world.today) - $toMillis($o.delivered_at)) / 86400000 > 30 ? {"error": "the 30-day return window of order " & $o.id & " has closed"} : `
          + `{"status": "return_created", "rma": "RMA-" & $substringAfter($i.item_id, "I-"), "item": $i.name, "refund_amount": $i.price, "refund_method": $$.args.refund_method} )`,
        update: `world ~> | orders[id = ${idArg('order_id')}].items[item_id = ${idArg('item_id')}] | {"status": "return_requested", "refund_method": $$.args.refund_method} |`,
      }),
      ...distractors.map((d) => d.tool),
    ];

    const returnArgs = { order_id: order.id, item_id: item.item_id, refund_method: refund.method, ...(reason ? { reason: reason.code } : {}) };
    const steps: AgentStep[] = [
      { call: 'list_orders', args: { customer_id: customerId } },
      { say: rng.pick([`Sure, ${customer.first}. I can see your recent orders. Which item would you like to return?`, `Of course. What would you like to return?`]) },
      { call: 'get_order', args: { order_id: order.id } },
      ...(reason ? [{ say: 'Got it. May I ask the reason for the return?' }] : []),
      { say: `The ${item.name} (${money(item.price)}, delivered ${order.delivered_at}) can still be returned. Would you like the refund as store credit or to your original payment method?` },
      { call: 'return_item', args: returnArgs },
      { finish: `Your return is set up under ${rma}. A prepaid label is on its way to your email; ${money(item.price)} will be refunded ${refund.method === 'store_credit' ? 'as store credit' : 'to your original payment'} once it reaches us.` },
    ];
    const questions = steps.filter((s) => 'say' in s).length;
    const stillDelivered = order.items.length - 1;

    return {
      title: rng.pick(TITLES),
      difficulty: difficultyFor(facts.length),
      system: `You are the support assistant of ${store}. The signed-in customer is ${customer.name} (customer id ${customerId}). Delivered items can be returned within 30 days of delivery, one item at a time, with return_item; the customer decides how the refund is paid. Return only what the customer asks to return, and never pay a refund directly. End by giving the customer the RMA number.`,
      instruction: rng.pick(INSTRUCTIONS),
      fullInstruction: `Return only the ${item.name} (item ${item.item_id}, ${money(item.price)}) of order ${order.id}${reason ? `; it is ${reason.value}` : ''}. The refund is paid as ${refund.value}. Keep the other items.`,
      user: { persona: rng.pick(PERSONAS), facts: facts.map((f) => f.fact) },
      tools,
      world: { today, customers: [{ id: customerId, name: customer.name }, { id: otherId, name: other.name }], orders },
      rubric: standardRubric({
        facts,
        subgoals: [
          called('lists-orders', "Looks up the customer's orders", 'list_orders', { customer_id: customerId }),
          called('opens-order', `Opens order ${order.id}`, 'get_order', { order_id: order.id }),
          worldGoal('returned', `Only the ${item.name} is being returned, for ${refund.value}`,
            `world.orders[id = ${lit(order.id)}].(items[item_id = ${lit(item.item_id)}].(status = "return_requested" and refund_method = ${lit(refund.method)}) and $count(items[status = "delivered"]) = ${stillDelivered})`),
        ],
        confirm: { pattern: rx(rma), description: 'Gives the customer the RMA number' },
        distractors,
        maxQuestions: questions + 2,
      }),
      reference: steps,
      limits: { maxTurns: questions + 6 },
    };
  },
};
