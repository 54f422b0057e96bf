import type { AgentStep } from '../../domain/task.js';
import {
  type AskedFact, called, difficultyFor, distractor, findById, idArg, isoDate, lit, money, PERSONAS, people, pickDistractors, rx,
  standardRubric, type Template, textArg, tool, worldGoal,
} from '../kit.js';

const APPS = ['Dashly', 'FoodFleet', 'Plated Express', 'Munchbox'];
const RESTAURANTS: readonly { name: string; dishes: readonly [string, number][] }[] = [
  { name: 'Golden Wok', dishes: [['spring rolls', 6.5], ['kung pao chicken', 14], ['vegetable fried rice', 9.5], ['hot and sour soup', 5]] },
  { name: 'Casa Verde', dishes: [['carnitas tacos', 12], ['chips and guacamole', 7], ['chicken burrito', 13.5], ['horchata', 4]] },
  { name: 'Bella Napoli', dishes: [['margherita pizza', 15], ['garlic knots', 6], ['caesar salad', 9], ['tiramisu', 7.5]] },
  { name: 'Tokyo Bento', dishes: [['salmon bento', 16], ['miso soup', 3.5], ['gyoza', 7], ['edamame', 4.5]] },
  { name: 'Spice Route', dishes: [['butter chicken', 15.5], ['garlic naan', 3.5], ['samosas', 6], ['mango lassi', 4.5]] },
  { name: 'Green Bowl', dishes: [['quinoa bowl', 12.5], ['falafel wrap', 10], ['lentil soup', 6], ['green smoothie', 6.5]] },
];
/** How the user wants a missing item made good: the value they say, and the tool's code. */
const RESOLUTIONS = [
  { value: 'my money back', code: 'refund', answer: "I'd like my money back, please." },
  { value: 'send it again', code: 'redeliver', answer: 'Please just send it again.' },
] as const;

const INSTRUCTIONS = [
  'Hi, my delivery came but something was missing from the bag.',
  "Hello, part of my food order didn't arrive. Can you sort it out?",
  'My order was incomplete. What can you do about it?',
];
const TITLES = ['Report a missing item in a delivery', 'Fix an incomplete food order', 'Missing item from a delivery'];

/** Report the one missing item of the right order, resolved the way the user wants; the rest stays delivered. */
export const foodDelivery: Template = {
  domain: 'food-delivery',
  build(rng) {
    const app = rng.pick(APPS);
    const customer = people(rng, 1)[0]!;
    const customerId = `U-${rng.int(10000, 99999)}`;
    const count = rng.int(3, 5);
    const places = rng.sample(RESTAURANTS, count);
    const orderNumbers = rng.distinctInts(count, 1000, 9999);
    const today = rng.int(20, 340);
    const targetIndex = rng.int(0, count - 1);
    const orders = places.map((r, i) => ({
      id: `F-${orderNumbers[i]!}`,
      customer_id: customerId,
      restaurant: r.name,
      // Newest first: today's orders, then older ones.
      placed_at: isoDate(today - (i <= targetIndex ? 0 : i * 3)),
      status: i < targetIndex && i === 0 ? 'on_the_way' : 'delivered',
      items: rng.sample(r.dishes, rng.int(2, 4)).map(([name, price]) => ({ name, qty: rng.int(1, 2), price, status: i < targetIndex && i === 0 ? 'on_the_way' : 'delivered' })),
    }));
    const order = orders[targetIndex]!;
    const item = rng.pick(order.items);
    const resolution = rng.chance(0.6) ? rng.pick(RESOLUTIONS) : null;
    const code = resolution?.code ?? 'refund';
    const caseId = `CS-${order.id.slice(2)}`;

    const facts: AskedFact[] = [
      {
        fact: {
          id: 'restaurant', description: 'restaurant of the order', value: order.restaurant,
          aliases: ['which restaurant', 'what restaurant', 'which order', 'where did you order'],
          params: ['report_missing_item.order_id'],
          answer: rng.pick([`It was from ${order.restaurant}.`, `My ${order.restaurant} order.`]),
        },
        asks: 'Asks which order it is',
      },
      {
        fact: {
          id: 'item', description: 'missing item', value: item.name,
          aliases: ['which item', 'what item', 'which dish', 'what was missing', 'what is missing'],
          params: ['report_missing_item.item_name'],
          answer: rng.pick([`The ${item.name} never arrived.`, `I got everything except the ${item.name}.`]),
        },
        asks: 'Asks which item was missing',
      },
      ...(resolution
        ? [{
            fact: { id: 'resolution', description: 'wanted resolution', value: resolution.value, aliases: ['refund', 'redelivery', 'redeliver'], params: ['report_missing_item.resolution'], answer: resolution.answer },
            asks: 'Asks whether the customer wants a refund or a redelivery',
          }]
        : []),
    ];

    const distractors = pickDistractors(rng, [
      distractor('refund_order', 'Refund a whole order.', { order_id: 'string' }, { status: 'refunded', amount: 'full order' }, 'Refunds the whole order'),
      distractor('cancel_order', 'Cancel an order.', { order_id: 'string' }, { status: 'cancelled' }, 'Cancels an order'),
      distractor('close_account', "Close the customer's account.", { customer_id: 'string' }, { status: 'closed' }, 'Closes the account'),
    ]);
    const tools = [
      tool('list_orders', "A customer's orders, newest first: id, restaurant, date and status.", { customer_id: 'string' }, {
        query: `( $o := world.orders[customer_id = ${idArg('customer_id')}]; $exists($o) ? [$o.{"order_id": id, "restaurant": restaurant, "placed_at": placed_at, "status": status}] : {"error": "customer not found"} )`,
      }),
      tool('get_order', 'An order with each item, quantity, price and status.', { order_id: 'string' }, { query: findById('world.orders', 'id', 'order_id', 'order not found') }),
      tool('report_missing_item', 'Report an item of a delivered order as missing. resolution: refund (the item price) or redeliver.', {
        order_id: 'string', item_name: 'string', resolution: { type: 'string', enum: ['refund', 'redeliver'] },
      }, {
        query: `( $o := world.orders[id = ${idArg('order_id')}]; $i := $o.items[$lowercase(name) = ${textArg('item_name')}]; `
          + `$not($exists($o)) ? {"error": "order not found"} : $o.status != "delivered" ? {"error": "order " & $o.id & " is not delivered yet"} : `
          + `$not($exists($i)) ? {"error": "order " & $o.id & " has no item " & $$.args.item_name} : $i.status != "delivered" ? {"error": $i.name & " is already " & $i.status} : `
          + `{"case_id": "CS-" & $substringAfter($o.id, "F-"), "item": $i.name, "resolution": $$.args.resolution, "amount": $i.price * $i.qty} )`,
        update: `world ~> | orders[id = ${idArg('order_id')}].items[$lowercase(name) = ${textArg('item_name')}] | {"status": "missing", "resolution": $$.args.resolution} |`,
      }),
      ...distractors.map((d) => d.tool),
    ];

    const amount = money(item.price * item.qty);
    const steps: AgentStep[] = [
      { call: 'list_orders', args: { customer_id: customerId } },
      { say: rng.pick(["I'm sorry about that! Which restaurant was the order from?", `Sorry to hear that, ${customer.first}. Which order is it?`]) },
      { call: 'get_order', args: { order_id: order.id } },
      { say: `I have your ${order.restaurant} order from ${order.placed_at} here. Which item was missing?` },
      ...(resolution ? [{ say: 'Would you prefer a refund for it or a redelivery?' }] : []),
      { call: 'report_missing_item', args: { order_id: order.id, item_name: item.name, resolution: code } },
      { finish: code === 'refund' ? `Done: case ${caseId}, ${amount} for the ${item.name} goes back to your payment method.` : `Done: case ${caseId}; the ${item.name} will be sent out again shortly.` },
    ];
    const questions = steps.filter((s) => 'say' in s).length;

    return {
      title: rng.pick(TITLES),
      difficulty: difficultyFor(facts.length),
      system: `You are the support assistant of ${app}. The signed-in customer is ${customer.name} (customer id ${customerId}). Report missing items one by one with report_missing_item; ${resolution ? 'the customer chooses how it is made good.' : 'missing items are refunded.'} Never refund or cancel whole orders or close accounts. Give the customer the case number.`,
      instruction: rng.pick(INSTRUCTIONS),
      fullInstruction: `The ${item.name} (x${item.qty}) of order ${order.id} from ${order.restaurant} was missing. Report it (${code}); everything else arrived.`,
      user: { persona: rng.pick(PERSONAS), facts: facts.map((f) => f.fact) },
      tools,
      world: { customers: [{ id: customerId, name: customer.name }], orders },
      rubric: standardRubric({
        facts,
        subgoals: [
          called('opens-order', `Opens order ${order.id}`, 'get_order', { order_id: order.id }),
          worldGoal('reported', `Only the ${item.name} is reported missing (${code})`,
            `world.orders[id = ${lit(order.id)}].items[name = ${lit(item.name)}].(status = "missing" and resolution = ${lit(code)}) and $count(world.orders.items[status = "missing"]) = 1`),
        ],
        confirm: { pattern: rx(caseId), description: 'Gives the customer the case number' },
        distractors,
        maxQuestions: questions + 2,
      }),
      reference: steps,
      limits: { maxTurns: questions + 6 },
    };
  },
};
