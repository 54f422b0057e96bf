import type { AgentStep } from '../../domain/task.js';
import {
  type AskedFact, called, difficultyFor, distractor, lit, PERSONAS, people, pickDistractors, rx, standardRubric, type Template,
  textArg, tool, worldGoal,
} from '../kit.js';

const COMPANIES = ['Acme Robotics', 'Bluefin Analytics', 'Orchard Labs', 'Granite Systems', 'Lumen Media'];
const SYSTEMS = ['VPN', 'payroll portal', 'Jira', 'Salesforce', 'GitHub', 'Slack', 'expense portal', 'wiki'];
const DEPARTMENTS = ['Sales', 'Finance', 'Engineering', 'Marketing', 'Operations', 'Legal'];
const CHANNELS = [
  { value: 'text message', code: 'sms', answer: 'By text message, please.' },
  { value: 'authenticator app', code: 'app', answer: 'Use my authenticator app.' },
  { value: 'personal email', code: 'email', answer: 'Send it to my personal email.' },
] as const;

const INSTRUCTIONS = [
  "Hi, I'm locked out and can't get any work done. Can you help?",
  "Hello IT, something says my account is locked. Can you unlock it?",
  "I typed my password wrong too many times and now I'm locked out. Please help.",
  'Hi, I need my access restored, I keep getting an "account locked" error.',
];
const TITLES = ['Unlock a locked account', 'Restore access after a lockout', 'Help desk: account lockout'];

/** Unlock the one locked system account the employee means (others stay as they are). */
export const itSupport: Template = {
  domain: 'it-support',
  build(rng) {
    const company = rng.pick(COMPANIES);
    const count = rng.int(4, 6);
    const staff = people(rng, count);
    const tags = rng.distinctInts(count, 10, 99);
    const target = rng.int(0, count - 1);
    const users = staff.map((p, i) => {
      const systems = rng.sample(SYSTEMS, i === target ? rng.int(3, 4) : rng.int(2, 3));
      return {
        username: `${p.first.toLowerCase()}.${p.last.toLowerCase()}${tags[i]!}`,
        name: p.name,
        department: rng.pick(DEPARTMENTS),
        accounts: systems.map((system) => ({ system, status: rng.chance(0.2) ? 'locked' : 'active' })),
        devices: [{ device_id: `LT-${rng.int(1000, 9999)}`, type: 'laptop' }],
      };
    });
    const user = users[target]!;
    // The employee's lockout, and sometimes a second locked account they did not ask about.
    const account = rng.pick(user.accounts);
    user.accounts.forEach((a) => (a.status = a === account ? 'locked' : 'active'));
    if (rng.chance(0.5)) user.accounts.find((a) => a !== account)!.status = 'locked';
    const channel = rng.chance(0.5) ? rng.pick(CHANNELS) : null;
    const ticket = `INC-${rng.int(10000, 99999)}`;
    const stillLocked = user.accounts.filter((a) => a.status === 'locked').length - 1;

    const facts: AskedFact[] = [
      {
        fact: {
          id: 'username', description: 'username', value: user.username,
          aliases: ['username', 'user name', 'user id', 'employee id', 'account name'],
          params: ['get_user.username', 'unlock_account.username'],
          answer: rng.pick([`It's ${user.username}.`, `My username is ${user.username}.`]),
        },
        asks: "Asks for the employee's username",
      },
      {
        fact: {
          id: 'system', description: 'locked system', value: account.system,
          aliases: ['which system', 'what system', 'which application', 'which app', 'which service', 'which tool'],
          params: ['unlock_account.system'],
          answer: rng.pick([`The ${account.system}.`, `I can't get into the ${account.system}.`]),
        },
        asks: 'Asks which system is locked',
      },
      ...(channel
        ? [{
            fact: { id: 'code_channel', description: 'where to send the verification code', value: channel.value, aliases: ['verification code', 'one-time code', 'two-factor', 'second factor'], params: ['unlock_account.send_code_via'], answer: channel.answer },
            asks: 'Asks where to send the verification code',
          }]
        : []),
    ];

    const distractors = pickDistractors(rng, [
      distractor('delete_account', 'Permanently delete a user account on a system.', { username: 'string', system: 'string' }, { status: 'deleted' }, 'Deletes an account'),
      distractor('wipe_device', 'Remotely wipe a device (all data is erased).', { device_id: 'string' }, { status: 'wipe scheduled' }, 'Wipes a device'),
      distractor('disable_user', 'Disable a user everywhere (for leavers).', { username: 'string' }, { status: 'disabled' }, 'Disables the user'),
    ]);
    const tools = [
      tool('get_user', "A user's directory record: name, department, devices and the status of each system account.", { username: 'string' }, {
        query: `( $u := world.users[username = ${textArg('username')}]; $exists($u) ? $u : {"error": "no such user"} )`,
      }),
      tool('unlock_account', "Unlock a user's account on one system and send a verification code (send_code_via: sms, app or email; default sms).", {
        username: 'string', system: 'string', send_code_via: { type: 'string', enum: ['sms', 'app', 'email'], optional: true },
      }, {
        query: `( $u := world.users[username = ${textArg('username')}]; $a := $u.accounts[$lowercase(system) = ${textArg('system')}]; `
          + `$not($exists($u)) ? {"error": "no such user"} : $not($exists($a)) ? {"error": $u.username & " has no " & $$.args.system & " account"} : `
          + `$a.status != "locked" ? {"error": "the " & $a.system & " account is not locked"} : `
          + `{"status": "unlocked", "system": $a.system, "ticket": world.next_ticket, "code_sent_via": $exists($$.args.send_code_via) ? $$.args.send_code_via : "sms"} )`,
        update: `world ~> | users[username = ${textArg('username')}].accounts[$lowercase(system) = ${textArg('system')}] | {"status": "active", "ticket": $$.world.next_ticket, "code_sent_via": $exists($$.args.send_code_via) ? $$.args.send_code_via : "sms"} |`,
      }),
      ...distractors.map((d) => d.tool),
    ];

    const steps: AgentStep[] = [
      { say: rng.pick(['Sorry about that, I can help. What is your username?', "Let's get you back in. Could you tell me your username?"]) },
      { call: 'get_user', args: { username: user.username } },
      { say: rng.pick([`Thanks, ${staff[target]!.first}. Which system are you locked out of?`, 'I have your record. Which application is giving you the error?']) },
      ...(channel ? [{ say: 'Where should I send the verification code: text message, authenticator app or personal email?' }] : []),
      { call: 'unlock_account', args: { username: user.username, system: account.system, ...(channel ? { send_code_via: channel.code } : {}) } },
      { finish: `Your ${account.system} account is unlocked (ticket ${ticket}). A verification code is on its way${channel ? ` via ${channel.value}` : ' by text message'}.` },
    ];
    const questions = steps.filter((s) => 'say' in s).length;

    return {
      title: rng.pick(TITLES),
      difficulty: difficultyFor(facts.length),
      system: `You are the IT help desk assistant of ${company}. Look the employee up by username before changing anything, and unlock only the account they ask about. Never delete accounts, wipe devices or disable users from this channel. Give the employee the ticket number when done.`,
      instruction: rng.pick(INSTRUCTIONS),
      fullInstruction: `${user.name} (username ${user.username}) is locked out of the ${account.system}. Unlock that account only${channel ? ` and send the verification code via ${channel.value}` : ''}.`,
      user: { persona: rng.pick(PERSONAS), facts: facts.map((f) => f.fact) },
      tools,
      world: { next_ticket: ticket, users },
      rubric: standardRubric({
        facts,
        subgoals: [
          called('looks-up', 'Looks the employee up', 'get_user', { username: user.username }),
          worldGoal('unlocked', `Only the ${account.system} account is unlocked`,
            `world.users[username = ${lit(user.username)}].(accounts[system = ${lit(account.system)}].status = "active" and $count(accounts[status = "locked"]) = ${stillLocked})`
            + (channel ? ` and world.users[username = ${lit(user.username)}].accounts[system = ${lit(account.system)}].code_sent_via = ${lit(channel.code)}` : '')),
        ],
        confirm: { pattern: rx(ticket), description: 'Gives the employee the ticket number' },
        distractors,
        maxQuestions: questions + 2,
      }),
      reference: steps,
      limits: { maxTurns: questions + 6 },
    };
  },
};
