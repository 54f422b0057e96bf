import type { AgentStep } from '../../domain/task.js';
import {
  type AskedFact, called, difficultyFor, distractor, idArg, isoDate, lit, money, PERSONAS, people, pickDistractors, rx, standardRubric,
  type Template, tool, worldGoal,
} from '../kit.js';

const BANKS = ['Granite Bank', 'Harborview Credit Union', 'Pinecrest Bank', 'Meridian Savings'];
const MERCHANTS = ['Blue Harbor Cafe', 'Metro Fuel', 'Pixel Streaming', 'Green Leaf Grocers', 'City Parking', 'Orbit Electronics', 'Summit Gym', 'Lotus Spa', 'QuickCab', 'Book Nook', 'Sunrise Bakery', 'Nimbus Cloud Storage'];
const REASONS = [
  { value: 'charged twice', code: 'duplicate', answer: 'I was charged twice for the same thing.' },
  { value: 'never received', code: 'not_received', answer: 'I paid but never received anything.' },
  { value: 'never authorized', code: 'unauthorized', answer: 'I never authorized that payment.' },
  { value: 'wrong amount', code: 'incorrect_amount', answer: 'They charged me the wrong amount.' },
] as const;

const INSTRUCTIONS = [
  "Hi, there's a charge on my card that isn't right. I want to dispute it.",
  'Hello, I need to dispute a transaction on my account.',
  "I'm looking at my statement and one of the charges is wrong. Can you help me dispute it?",
];
const TITLES = ['Dispute a card charge', 'File a transaction dispute', 'Contest a charge on a statement'];

/** Dispute the one card transaction the customer means (merchant, and amount when it is ambiguous), with their reason. */
export const finance: Template = {
  domain: 'finance',
  build(rng) {
    const bank = rng.pick(BANKS);
    const customer = people(rng, 1)[0]!;
    const [accountId, otherAccount] = rng.distinctInts(2, 100000, 999999).map((n) => `AC-${n}`) as [string, string];
    const cardId = `CARD-${rng.int(1000, 9999)}`;
    const withAmount = rng.chance(0.5);
    const count = rng.int(5, 8);
    const merchants = rng.sample(MERCHANTS, count);
    const merchant = merchants[0]!;
    // With an amount to ask for, the merchant appears twice; otherwise once.
    const rows = withAmount ? [merchant, ...merchants] : merchants;
    const txIds = rng.distinctInts(rows.length + 2, 10000, 99999).map((n) => `T-${n}`);
    const end = rng.int(40, 340);
    const amounts = rng.distinctInts(rows.length + 2, 300, 25000).map((c) => c / 100);
    const own = rows.map((m, i) => ({ id: txIds[i]!, account_id: accountId, date: isoDate(end - rng.int(0, 25)), merchant: m, amount: amounts[i]!, status: 'posted' }));
    const foreign = [0, 1].map((k) => ({ id: txIds[rows.length + k]!, account_id: otherAccount, date: isoDate(end - rng.int(0, 25)), merchant: rng.pick(MERCHANTS), amount: amounts[rows.length + k]!, status: 'posted' }));
    const tx = withAmount ? rng.pick(own.slice(0, 2)) : own[0]!;
    const reason = rng.pick(REASONS);
    const dispute = `D-${tx.id.slice(2)}`;

    const facts: AskedFact[] = [
      {
        fact: {
          id: 'merchant', description: 'merchant of the charge', value: merchant,
          aliases: ['which charge', 'what charge', 'which transaction', 'which merchant', 'which purchase', 'which payment'],
          params: ['file_dispute.transaction_id'],
          answer: rng.pick([`It's the one from ${merchant}.`, `The ${merchant} charge.`]),
        },
        asks: 'Asks which charge the customer means',
      },
      ...(withAmount
        ? [{
            fact: { id: 'amount', description: 'amount of the charge', value: tx.amount.toFixed(2), aliases: ['how much', 'amount', 'what amount'], params: ['file_dispute.transaction_id'], answer: `It was ${money(tx.amount)}.` },
            asks: 'Asks for the amount, to tell the two charges apart',
          }]
        : []),
      {
        fact: { id: 'reason', description: 'reason for the dispute', value: reason.value, aliases: ['reason', 'what went wrong', 'what is wrong'], params: ['file_dispute.reason'], answer: reason.answer },
        asks: 'Asks why the customer disputes the charge',
      },
    ];

    const distractors = pickDistractors(rng, [
      distractor('freeze_card', 'Freeze a card: every payment with it is declined until unfrozen.', { card_id: 'string' }, { status: 'frozen' }, 'Freezes the card'),
      distractor('close_account', 'Close an account and send the balance by check.', { account_id: 'string' }, { status: 'closed' }, 'Closes the account'),
      distractor('reverse_transaction', 'Reverse a transaction immediately, without a dispute.', { transaction_id: 'string' }, { status: 'reversed' }, 'Reverses a charge without a dispute'),
    ]);
    const tools = [
      tool('list_transactions', "The posted card transactions of an account: id, date, merchant, amount and status.", { account_id: 'string' }, {
        query: `( $t := world.transactions[account_id = ${idArg('account_id')}]; $exists($t) ? [$t] : {"error": "account not found"} )`,
      }),
      tool('file_dispute', 'Open a dispute on one posted transaction. reason: duplicate, not_received, unauthorized or incorrect_amount.', {
        transaction_id: 'string', reason: { type: 'string', enum: REASONS.map((r) => r.code) },
      }, {
        query: `( $t := world.transactions[id = ${idArg('transaction_id')}]; $not($exists($t)) ? {"error": "transaction not found"} : `
          + `$t.status != "posted" ? {"error": "transaction " & $t.id & " is already " & $t.status} : `
          + `{"dispute_id": "D-" & $substringAfter($t.id, "T-"), "status": "open", "transaction_id": $t.id, "provisional_credit": $t.amount} )`,
        update: `world ~> | transactions[id = ${idArg('transaction_id')}] | {"status": "disputed", "dispute_reason": $$.args.reason} |`,
      }),
      ...distractors.map((d) => d.tool),
    ];

    const steps: AgentStep[] = [
      { say: rng.pick(['I can help with that. Which charge would you like to dispute?', `Sure, ${customer.first}. Which transaction is it?`, 'Of course. Which merchant was the charge from?']) },
      { call: 'list_transactions', args: { account_id: accountId } },
      ...(withAmount ? [{ say: `I see two charges from ${merchant}. How much was the one you mean?` }] : []),
      { say: rng.pick(['Got it. What is the reason for the dispute?', 'Thanks. Could you tell me the reason you are disputing it?']) },
      { call: 'file_dispute', args: { transaction_id: tx.id, reason: reason.code } },
      { finish: `Your dispute ${dispute} is open for the ${money(tx.amount)} charge from ${merchant} on ${tx.date}. A provisional credit of ${money(tx.amount)} is on your account while we investigate.` },
    ];
    const questions = steps.filter((s) => 'say' in s).length;

    return {
      title: rng.pick(TITLES),
      difficulty: difficultyFor(facts.length),
      system: `You are the card services assistant of ${bank}. The signed-in customer is ${customer.name} (account ${accountId}, card ${cardId}). Open a dispute with file_dispute on the one posted transaction the customer means, with their reason. Never freeze cards, close accounts or reverse transactions yourself. Give the customer the dispute number.`,
      instruction: rng.pick(INSTRUCTIONS),
      fullInstruction: `Dispute transaction ${tx.id}: ${money(tx.amount)} from ${merchant} on ${tx.date} (reason: ${reason.value}, code ${reason.code}). Leave every other transaction as it is.`,
      user: { persona: rng.pick(PERSONAS), facts: facts.map((f) => f.fact) },
      tools,
      world: { cards: [{ id: cardId, account_id: accountId, status: 'active' }], transactions: rng.shuffle([...own, ...foreign]) },
      rubric: standardRubric({
        facts,
        subgoals: [
          called('lists', 'Looks up the transactions', 'list_transactions', { account_id: accountId }),
          worldGoal('disputed', `Only ${tx.id} is disputed, as ${reason.code}`,
            `world.transactions[id = ${lit(tx.id)}].(status = "disputed" and dispute_reason = ${lit(reason.code)}) and $count(world.transactions[status = "disputed"]) = 1`),
        ],
        confirm: { pattern: rx(dispute), description: 'Gives the customer the dispute number' },
        distractors,
        maxQuestions: questions + 2,
      }),
      reference: steps,
      limits: { maxTurns: questions + 6 },
    };
  },
};
