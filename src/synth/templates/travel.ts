import type { AgentStep } from '../../domain/task.js';
import {
  type AskedFact, cap, called, difficultyFor, distractor, findById, hhmm, idArg, isoDate, lit, PERSONAS, people, pickDistractors, rx,
  standardRubric, type Template, tool, withArticle, worldGoal,
} from '../kit.js';

const AIRPORTS = ['SFO', 'DEN', 'SEA', 'BOS', 'ORD', 'JFK', 'AUS', 'ATL', 'LAX', 'MIA', 'PHX', 'MSP', 'PDX', 'SLC'];
const AIRLINES = [
  { code: 'SK', name: 'Skyline Air' },
  { code: 'BW', name: 'Bluebird Airways' },
  { code: 'NX', name: 'Northstar Airlines' },
  { code: 'CJ', name: 'Cascade Jet' },
];
const SEATS = ['aisle', 'window', 'middle'] as const;
/** Departure windows (minutes after midnight) of the same-day alternatives, one per period. */
const PERIODS = [
  { name: 'morning', from: 9 * 60, to: 11 * 60 + 30 },
  { name: 'afternoon', from: 12 * 60 + 30, to: 16 * 60 + 30 },
  { name: 'evening', from: 17 * 60 + 30, to: 21 * 60 },
] as const;

const INSTRUCTIONS = [
  'Hi, my flight got cancelled. Can you get me on another one?',
  'Hello. The airline just told me my flight is cancelled. I still need to get there, can you help?',
  'My flight was cancelled and I need to be rebooked, please.',
  "Hi there, I got a cancellation notice for my flight. What are my options? I'd like to still travel that day.",
];
const TITLES = ['Rebook a cancelled flight', 'Move a passenger off a cancelled flight', 'Same-day rebooking after a cancellation'];

/** Rebook a cancelled flight onto a same-day alternative, with the seat (and maybe time) the user wants. */
export const travel: Template = {
  domain: 'travel',
  build(rng) {
    const airline = rng.pick(AIRLINES);
    const [origin, destination] = rng.sample(AIRPORTS, 2) as [string, string];
    const day = rng.int(31, 330);
    const date = isoDate(day);
    const bookingCount = rng.int(3, 5);
    const passengers = people(rng, bookingCount);
    const bookingIds = rng.distinctInts(bookingCount, 1000, 9999).map((n) => `BK-${n}`);
    const flightNumbers = rng.distinctInts(bookingCount + 4, 10, 989).map((n) => `${airline.code}${n}`);
    const target = rng.int(0, bookingCount - 1);
    const withTime = rng.chance(0.5);

    // The cancelled flight leaves early; one scheduled alternative per period that day, one the next day.
    const cancelled = { id: flightNumbers[0]!, origin, destination, date, departs: hhmm(rng.int(6 * 60, 8 * 60 + 30)), status: 'cancelled' };
    const alternatives = PERIODS.map((p, i) => ({ id: flightNumbers[1 + i]!, origin, destination, date, departs: hhmm(5 * Math.floor(rng.int(p.from, p.to) / 5)), status: 'scheduled' }));
    const nextDay = { id: flightNumbers[4]!, origin, destination, date: isoDate(day + 1), departs: hhmm(rng.int(7, 10) * 60), status: 'scheduled' };
    const period = withTime ? rng.pick(PERIODS) : PERIODS[0];
    const chosen = alternatives[PERIODS.indexOf(period)]!;

    const otherFlights = flightNumbers.slice(5).map((id) => {
      const [o, d] = rng.sample(AIRPORTS, 2) as [string, string];
      return { id, origin: o, destination: d, date: isoDate(rng.int(31, 330)), departs: hhmm(rng.int(12, 40) * 30), status: 'scheduled' };
    });
    const seatNow = rng.pick(SEATS);
    const seat = rng.pick(SEATS.filter((s) => s !== seatNow));
    const bookings = passengers.map((p, i) => {
      const f = i === target ? cancelled : otherFlights[i < target ? i : i - 1]!;
      return { id: bookingIds[i]!, passenger: p.name, flight_id: f.id, origin: f.origin, destination: f.destination, date: f.date, seat: i === target ? seatNow : rng.pick(SEATS), status: 'confirmed' };
    });
    const booking = bookings[target]!;

    const facts: AskedFact[] = [
      {
        fact: {
          id: 'booking_id', description: 'booking reference', value: booking.id,
          aliases: ['booking reference', 'booking number', 'reference', 'confirmation code', 'confirmation number', 'locator'],
          params: ['get_booking.booking_id', 'rebook.booking_id'],
          answer: rng.pick([`It's ${booking.id}.`, `The reference is ${booking.id}.`, `${booking.id}, I think.`]),
        },
        asks: 'Asks for the booking reference',
      },
      ...(withTime
        ? [{
            fact: {
              id: 'time_pref', description: 'preferred time of day', value: period.name,
              aliases: ['time of day', 'what time', 'which time', 'departure time', 'morning', 'afternoon', 'evening'],
              params: ['rebook.flight_id'],
              answer: rng.pick([`The ${period.name} would be best.`, `Something in the ${period.name}, please.`]),
            },
            asks: 'Asks what time of day the customer wants to fly',
          }]
        : []),
      {
        fact: {
          id: 'seat', description: 'seat preference', value: seat,
          aliases: ['seat', 'aisle', 'window', 'middle seat'],
          params: ['rebook.seat'],
          answer: rng.pick([`${cap(seat)} seat, please.`, `I'd like ${withArticle(seat)} seat.`]),
        },
        asks: 'Asks for the seat preference',
      },
    ];

    const distractors = pickDistractors(rng, [
      distractor('cancel_booking', 'Cancel a booking and refund the fare to the original payment.', { booking_id: 'string' }, { status: 'cancelled', refund: 'full fare' }, 'Cancels the booking'),
      distractor('refund_booking', 'Refund a booking as travel credit and close it.', { booking_id: 'string' }, { status: 'refunded', credit: 'travel credit issued' }, 'Refunds the booking instead of rebooking it'),
      distractor('void_ticket', 'Void the ticket of a booking (it can no longer be used).', { booking_id: 'string' }, { status: 'voided' }, 'Voids the ticket'),
    ]);
    const tools = [
      tool('get_booking', 'Look up a booking by its reference (BK-….).', { booking_id: 'string' }, { query: findById('world.bookings', 'id', 'booking_id', 'booking not found') }),
      tool('search_flights', 'List the scheduled flights of a route (airport codes) on a date (YYYY-MM-DD).', { origin: 'string', destination: 'string', date: 'string' }, {
        query: `[world.flights[origin = ${idArg('origin')} and destination = ${idArg('destination')} and date = $trim($$.args.date) and status = "scheduled"]]`,
      }),
      tool('rebook', 'Move a booking to another flight of the same route, with a seat preference.', { booking_id: 'string', flight_id: 'string', seat: { type: 'string', enum: SEATS } }, {
        query: `( $b := world.bookings[id = ${idArg('booking_id')}]; $f := world.flights[id = ${idArg('flight_id')}]; `
          + `$not($exists($b)) ? {"error": "booking not found"} : $not($exists($f)) ? {"error": "flight not found"} : `
          + `$f.status != "scheduled" ? {"error": "flight " & $f.id & " is " & $f.status} : `
          + `($f.origin != $b.origin or $f.destination != $b.destination) ? {"error": "flight " & $f.id & " does not fly " & $b.origin & "-" & $b.destination} : `
          + `{"status": "rebooked", "booking_id": $b.id, "flight_id": $f.id, "date": $f.date, "departs": $f.departs, "seat": $$.args.seat} )`,
        update: `world ~> | bookings[id = ${idArg('booking_id')}] | {"flight_id": ${idArg('flight_id')}, "date": $$.world.flights[id = ${idArg('flight_id')}].date, "seat": $$.args.seat, "status": "rebooked"} |`,
      }),
      ...distractors.map((d) => d.tool),
    ];

    const steps: AgentStep[] = [
      { say: rng.pick(['Sorry about the cancellation. What is your booking reference?', 'I can help with that. Could you give me your booking reference?', "Let's fix that. What's the confirmation code of your booking?"]) },
      { call: 'get_booking', args: { booking_id: booking.id } },
      { call: 'search_flights', args: { origin, destination, date } },
      ...(withTime ? [{ say: `There are three more flights from ${origin} to ${destination} on ${date}. What time of day would you prefer to leave?` }] : []),
      { say: `There is room on the ${chosen.departs} flight that day. Which seat would you like on it: aisle, window or middle?` },
      { call: 'rebook', args: { booking_id: booking.id, flight_id: chosen.id, seat } },
      { finish: `Done: you are on ${chosen.id}, leaving ${origin} at ${chosen.departs} on ${date}, in ${withArticle(seat)} seat.` },
    ];
    const questions = steps.filter((s) => 'say' in s).length;
    const rule = withTime
      ? 'offer the scheduled flights of the same route and day and let the customer choose the time.'
      : 'rebook onto the earliest scheduled flight of the same route and day.';

    return {
      title: rng.pick(TITLES),
      difficulty: difficultyFor(facts.length),
      system: `You are a support agent of ${airline.name}. When a flight is cancelled, ${rule} Never cancel, refund or void a booking unless the customer asks for it. Tell the customer the new flight number when you are done.`,
      instruction: rng.pick(INSTRUCTIONS),
      fullInstruction: `${booking.passenger}'s booking ${booking.id} is on ${cancelled.id} (${origin} to ${destination}, ${date}), which was cancelled. Rebook it onto ${chosen.id} at ${chosen.departs} the same day${withTime ? ` (the ${period.name} flight)` : ''}, with ${withArticle(seat)} seat.`,
      user: { persona: rng.pick(PERSONAS), facts: facts.map((f) => f.fact) },
      tools,
      world: { bookings, flights: rng.shuffle([cancelled, ...alternatives, nextDay, ...otherFlights]) },
      rubric: standardRubric({
        facts,
        subgoals: [
          called('looks-up', 'Looks the booking up', 'get_booking', { booking_id: booking.id }),
          called('searches', `Searches ${origin}-${destination} flights on ${date}`, 'search_flights', { origin, destination, date }),
          worldGoal('rebooked', `The booking ends on ${chosen.id} with ${withArticle(seat)} seat`, `world.bookings[id = ${lit(booking.id)}].(flight_id = ${lit(chosen.id)} and seat = ${lit(seat)})`),
        ],
        confirm: { pattern: `${rx(airline.code)} ?${chosen.id.slice(airline.code.length)}`, description: `Tells the customer the new flight, ${chosen.id}` },
        distractors,
        maxQuestions: questions + 2,
      }),
      reference: steps,
      limits: { maxTurns: questions + 6 },
    };
  },
};

