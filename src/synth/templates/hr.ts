import type { AgentStep } from '../../domain/task.js';
import {
  type AskedFact, called, difficultyFor, distractor, findById, idArg, isoDate, lit, monday, PERSONAS, people, pickDistractors, rx, spokenDate,
  standardRubric, type Template, tool, worldGoal,
} from '../kit.js';

const COMPANIES = ['Brightline Logistics', 'Copperleaf Design', 'Evergreen Foods', 'Northgate Insurance'];
const TYPES = [
  { value: 'vacation', code: 'vacation', answer: "It's vacation." },
  { value: 'sick leave', code: 'sick', answer: 'Sick leave, I have a small operation.' },
  { value: 'personal leave', code: 'personal', answer: "Personal leave, it's a family matter." },
] as const;

const INSTRUCTIONS = [
  "Hi, I'd like to take some time off.",
  'Hello, can you book some days off for me?',
  'I need to put in a request to be away from work for a few days.',
  'Hi! I want to request time off, please.',
];
const TITLES = ['Request time off', 'File a leave request', 'Book days off for an employee'];

/** File the employee's leave request for the days (and type) they want, without touching anything else. */
export const hr: Template = {
  domain: 'hr',
  build(rng) {
    const company = rng.pick(COMPANIES);
    const count = rng.int(4, 6);
    const staff = people(rng, count + 1);
    const manager = staff[count]!.name;
    const ids = rng.distinctInts(count, 1000, 9999).map((n) => `E-${n}`);
    const employees = staff.slice(0, count).map((p, i) => ({
      id: ids[i]!, name: p.name, manager, balance: { vacation: rng.int(6, 20), sick: rng.int(5, 10), personal: rng.int(5, 8) },
    }));
    const target = rng.int(0, count - 1);
    const me = employees[target]!;
    const week = monday(rng, 21, 330);
    const first = week + rng.int(0, 2);
    const last = rng.int(first + 1, week + 4);
    const type = rng.chance(0.5) ? rng.pick(TYPES) : null;
    const code = type?.code ?? 'vacation';
    const days = last - first + 1;
    // Approved requests of others (or of the same employee) in other weeks, so they never clash.
    const existing = rng.sample(employees, rng.int(1, 2)).map((e, k) => {
      const start = week + 7 * rng.int(2, 6) * (week > 180 ? -1 : 1) + k;
      return { id: `LR-${rng.int(100, 399)}${k}`, employee_id: e.id, type: 'vacation', start_date: isoDate(start), end_date: isoDate(start + 2), status: 'approved' };
    });
    const nextRequest = rng.int(400, 999);
    const requestId = `LR-${nextRequest}`;

    const facts: AskedFact[] = [
      {
        fact: {
          id: 'start', description: 'first day off', value: spokenDate(first),
          aliases: ['first day', 'start date', 'from when', 'starting when'],
          params: ['request_leave.start_date'],
          answer: rng.pick([`From ${spokenDate(first)}.`, `My first day off would be ${spokenDate(first)}.`]),
        },
        asks: 'Asks for the first day of the leave',
      },
      {
        fact: {
          id: 'end', description: 'last day off', value: spokenDate(last),
          aliases: ['last day', 'end date', 'until when', 'through when'],
          params: ['request_leave.end_date'],
          answer: rng.pick([`Until ${spokenDate(last)}, that's my last day off.`, `Through ${spokenDate(last)}.`]),
        },
        asks: 'Asks for the last day of the leave',
      },
      ...(type
        ? [{
            fact: { id: 'leave_type', description: 'type of leave', value: type.value, aliases: ['type of leave', 'kind of leave', 'leave type', 'what kind of time off'], params: ['request_leave.type'], answer: type.answer },
            asks: 'Asks what type of leave it is',
          }]
        : []),
    ];

    const distractors = pickDistractors(rng, [
      distractor('cancel_leave_request', 'Cancel an existing leave request.', { request_id: 'string' }, { status: 'cancelled' }, 'Cancels a leave request'),
      distractor('reset_leave_balance', "Reset an employee's leave balances to zero.", { employee_id: 'string' }, { status: 'reset' }, 'Resets a leave balance'),
      distractor('transfer_leave_days', 'Move leave days from one employee to another.', { from_employee_id: 'string', to_employee_id: 'string', days: { type: 'number' } }, { status: 'transferred' }, 'Transfers leave days'),
    ]);
    const tools = [
      tool('get_leave_balance', "An employee's record: manager and remaining days of vacation, sick and personal leave.", { employee_id: 'string' }, { query: findById('world.employees', 'id', 'employee_id', 'employee not found') }),
      tool('request_leave', 'Submit a leave request (dates YYYY-MM-DD, both included) for the manager to approve.', {
        employee_id: 'string', type: { type: 'string', enum: ['vacation', 'sick', 'personal'] }, start_date: 'string', end_date: 'string',
      }, {
        query: `( $e := world.employees[id = ${idArg('employee_id')}]; $not($exists($e)) ? {"error": "employee not found"} : `
          + `$$.args.start_date > $$.args.end_date ? {"error": "start_date is after end_date"} : `
          + `( $days := ($toMillis($$.args.end_date) - $toMillis($$.args.start_date)) / 86400000 + 1; `
          + `$days > $lookup($e.balance, $$.args.type) ? {"error": "only " & $lookup($e.balance, $$.args.type) & " days of " & $$.args.type & " leave left"} : `
          + `{"request_id": "LR-" & world.next_request, "status": "pending_approval", "days": $days, "approver": $e.manager} ) )`,
        update: `$merge([world, {"next_request": world.next_request + 1, "leave_requests": $append(world.leave_requests, [{"id": "LR-" & world.next_request, "employee_id": ${idArg('employee_id')}, "type": $$.args.type, "start_date": $$.args.start_date, "end_date": $$.args.end_date, "status": "pending_approval"}])}])`,
      }),
      ...distractors.map((d) => d.tool),
    ];

    const b = me.balance;
    const steps: AgentStep[] = [
      { call: 'get_leave_balance', args: { employee_id: me.id } },
      { say: `You have ${b.vacation} vacation, ${b.sick} sick and ${b.personal} personal days left, ${staff[target]!.first}. What would be the first day of your leave?` },
      { say: rng.pick(['And what would be your last day off?', 'Got it. What is the end date?']) },
      ...(type ? [{ say: 'What type of leave is it: vacation, sick or personal?' }] : []),
      { call: 'request_leave', args: { employee_id: me.id, type: code, start_date: isoDate(first), end_date: isoDate(last) } },
      { finish: `Request ${requestId} for ${spokenDate(first)} to ${spokenDate(last)} (${days} days of ${code} leave) is sent to ${manager} for approval.` },
    ];
    const questions = steps.filter((s) => 'say' in s).length;

    return {
      title: rng.pick(TITLES),
      difficulty: difficultyFor(facts.length),
      system: `You are the HR assistant of ${company}. The signed-in employee is ${me.name} (employee id ${me.id}). File leave requests with request_leave; ${type ? 'ask which type of leave it is.' : 'time off is vacation unless the employee says otherwise.'} Never cancel requests, reset balances or move days between employees. Give the employee the request number.`,
      instruction: rng.pick(INSTRUCTIONS),
      fullInstruction: `${me.name} wants ${code} leave from ${isoDate(first)} to ${isoDate(last)} (${days} days), to be approved by ${manager}.`,
      user: { persona: rng.pick(PERSONAS), facts: facts.map((f) => f.fact) },
      tools,
      world: { next_request: nextRequest, employees, leave_requests: existing },
      rubric: standardRubric({
        facts,
        subgoals: [
          called('checks-balance', 'Checks the leave balance', 'get_leave_balance', { employee_id: me.id }),
          worldGoal('requested', `One ${code} request from ${isoDate(first)} to ${isoDate(last)}, nothing else changed`,
            `$count(world.leave_requests[employee_id = ${lit(me.id)} and type = ${lit(code)} and start_date = ${lit(isoDate(first))} and end_date = ${lit(isoDate(last))}]) = 1 and $count(world.leave_requests) = ${existing.length + 1}`),
        ],
        confirm: { pattern: rx(requestId), description: 'Gives the employee the request number' },
        distractors,
        maxQuestions: questions + 2,
      }),
      reference: steps,
      limits: { maxTurns: questions + 6 },
    };
  },
};
