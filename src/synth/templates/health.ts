import type { AgentStep } from '../../domain/task.js';
import {
  type AskedFact, cap, called, difficultyFor, distractor, hhmm, idArg, isoDate, lit, monday, PERSONAS, people, pickDistractors, rx, spokenDate,
  standardRubric, type Template, textArg, tool, weekday, withArticle, worldGoal,
} from '../kit.js';

const CLINICS = ['Bayside Health', 'Riverside Medical Group', 'Cedar Hill Clinic', 'Lakeview Health Partners'];
const SPECIALTIES = [
  { key: 'dermatology', value: 'dermatologist', why: 'a rash that will not go away' },
  { key: 'cardiology', value: 'cardiologist', why: 'heart palpitations' },
  { key: 'orthopedics', value: 'orthopedist', why: 'knee pain' },
  { key: 'ophthalmology', value: 'eye doctor', why: 'blurry vision' },
  { key: 'allergy', value: 'allergist', why: 'seasonal allergies' },
  { key: 'physiotherapy', value: 'physiotherapist', why: 'a stiff shoulder' },
] as const;

const INSTRUCTIONS = [
  "Hi, this is {name}. I'd like to book an appointment with a specialist.",
  'Hello, {name} here. Can I get an appointment with one of your doctors?',
  "Hi, I'm {name}. I need to see a doctor soon, can you book me in?",
];
const TITLES = ['Book a specialist appointment', 'Schedule a visit for a patient', 'Find and book an open slot'];

/** Find the caller's file by date of birth, then book an open slot of the specialty (and day) they want. */
export const health: Template = {
  domain: 'health',
  build(rng) {
    const clinic = rng.pick(CLINICS);
    const patientCount = rng.int(3, 5);
    const persons = people(rng, patientCount);
    const ids = rng.distinctInts(patientCount + 1, 1000, 9999).map((n) => `P-${n}`);
    const births = persons.map(() => ({ day: rng.int(0, 364), year: rng.int(1950, 2005) }));
    const patients = persons.map((p, i) => ({ id: ids[i]!, name: p.name, dob: `${births[i]!.year}-${isoDate(births[i]!.day).slice(5)}` }));
    const target = rng.int(0, patientCount - 1);
    const patient = patients[target]!;
    const birth = births[target]!;
    // Sometimes a namesake with another birthday: the date of birth is what tells them apart.
    const namesakeYear = birth.year <= 1980 ? birth.year + 25 : birth.year - 25;
    if (rng.chance(0.5)) patients.push({ id: ids[patientCount]!, name: patient.name, dob: `${namesakeYear}-${isoDate(birth.day).slice(5)}` });

    const [need, ...others] = rng.sample(SPECIALTIES, 3) as [(typeof SPECIALTIES)[number], ...(typeof SPECIALTIES)[number][]];
    const doctors = people(rng, 3).map((p) => `Dr. ${p.name}`);
    const week = monday(rng, 14, 350);
    const slotIds = rng.distinctInts(9, 1000, 9999).map((n) => `S-${n}`);
    const slotAt = (i: number, specialty: string, doctor: string, weekdayIndex: number, status: string) => ({
      slot_id: slotIds[i]!, specialty, doctor, date: isoDate(week + weekdayIndex), weekday: weekday(week + weekdayIndex), time: hhmm(rng.int(16, 33) * 30 - rng.pick([0, 15])), status,
    });
    const days = rng.sample([0, 1, 2, 3, 4], rng.int(3, 4)).sort((a, b) => a - b);
    const open = days.map((d, i) => slotAt(i, need.key, doctors[0]!, d, 'open'));
    const taken = slotAt(4, need.key, doctors[0]!, rng.int(0, 4), 'booked');
    const elsewhere = others.flatMap((s, k) => [slotAt(5 + 2 * k, s.key, doctors[k + 1]!, rng.int(0, 4), 'open'), slotAt(6 + 2 * k, s.key, doctors[k + 1]!, rng.int(0, 4), 'open')]);
    const withDay = rng.chance(0.7);
    const slot = withDay ? rng.pick(open) : open[0]!;
    const appointment = `AP-${slot.slot_id.slice(2)}`;
    const existing = { id: `AP-${rng.int(100, 999)}`, patient_id: patient.id, specialty: others[0]!.key, doctor: doctors[1]!, date: isoDate(week + 14), status: 'booked' };

    const facts: AskedFact[] = [
      {
        fact: {
          id: 'dob', description: 'date of birth', value: `${spokenDate(birth.day)}, ${birth.year}`,
          aliases: ['date of birth', 'birth date', 'birthday', 'when were you born'],
          params: ['find_patient.dob'],
          answer: rng.pick([`It's ${spokenDate(birth.day)}, ${birth.year}.`, `I was born on ${spokenDate(birth.day)}, ${birth.year}.`]),
        },
        asks: "Asks for the patient's date of birth",
      },
      {
        fact: {
          id: 'specialty', description: 'kind of doctor needed', value: need.value,
          aliases: ['what kind of doctor', 'which kind of doctor', 'what type of doctor', 'which specialist', 'specialty', 'which department'],
          params: ['search_slots.specialty'],
          answer: rng.pick([`I need to see ${withArticle(need.value)} about ${need.why}.`, `${cap(withArticle(need.value))}, please. It's about ${need.why}.`]),
        },
        asks: 'Asks what kind of doctor the patient needs',
      },
      ...(withDay
        ? [{
            fact: { id: 'day', description: 'preferred day', value: slot.weekday, aliases: ['which day', 'what day', 'day of the week', 'day works', 'day suits'], params: ['book_appointment.slot_id'], answer: `${slot.weekday} works best for me.` },
            asks: 'Asks which day suits the patient',
          }]
        : []),
    ];

    const distractors = pickDistractors(rng, [
      distractor('cancel_appointment', 'Cancel an existing appointment.', { appointment_id: 'string' }, { status: 'cancelled' }, 'Cancels an appointment'),
      distractor('delete_patient', 'Delete a patient record and its history.', { patient_id: 'string' }, { status: 'deleted' }, 'Deletes a patient record'),
      distractor('merge_patients', 'Merge two patient records into the first one.', { patient_id: 'string', other_patient_id: 'string' }, { status: 'merged' }, 'Merges patient records'),
    ]);
    const tools = [
      tool('find_patient', "Find a patient's file by full name and date of birth (YYYY-MM-DD).", { name: 'string', dob: 'string' }, {
        query: `( $p := world.patients[$lowercase(name) = ${textArg('name')} and dob = $trim($$.args.dob)]; $exists($p) ? [$p.{"patient_id": id, "name": name, "dob": dob}] : {"error": "no patient with that name and date of birth"} )`,
      }),
      tool('search_slots', 'Open appointment slots of a specialty.', { specialty: { type: 'string', enum: SPECIALTIES.map((s) => s.key) } }, {
        query: '[world.slots[specialty = $$.args.specialty and status = "open"].{"slot_id": slot_id, "doctor": doctor, "date": date, "weekday": weekday, "time": time}]',
      }),
      tool('book_appointment', 'Book a patient into an open slot.', { patient_id: 'string', slot_id: 'string' }, {
        query: `( $s := world.slots[slot_id = ${idArg('slot_id')}]; $p := world.patients[id = ${idArg('patient_id')}]; `
          + `$not($exists($p)) ? {"error": "patient not found"} : $not($exists($s)) ? {"error": "slot not found"} : $s.status != "open" ? {"error": "slot " & $s.slot_id & " is already booked"} : `
          + `{"status": "booked", "appointment_id": "AP-" & $substringAfter($s.slot_id, "S-"), "doctor": $s.doctor, "date": $s.date, "weekday": $s.weekday, "time": $s.time} )`,
        update: `world ~> | slots[slot_id = ${idArg('slot_id')}] | {"status": "booked", "patient_id": ${idArg('patient_id')}} |`,
      }),
      ...distractors.map((d) => d.tool),
    ];

    const listing = open.map((s) => `${s.weekday} at ${s.time}`).join(', ');
    const steps: AgentStep[] = [
      { say: rng.pick([`Hello ${persons[target]!.first}. To find your file, what is your date of birth?`, 'Happy to help. Could you tell me your date of birth first?']) },
      { call: 'find_patient', args: { name: patient.name, dob: patient.dob } },
      { say: rng.pick(['Thank you, I found your file. What kind of doctor would you like to see?', 'Thanks. Which specialist do you need?']) },
      { call: 'search_slots', args: { specialty: need.key } },
      ...(withDay ? [{ say: `${doctors[0]} has openings on ${listing}. Which day works best for you?` }] : []),
      { call: 'book_appointment', args: { patient_id: patient.id, slot_id: slot.slot_id } },
      { finish: `You're booked with ${doctors[0]} on ${slot.weekday}, ${slot.date} at ${slot.time}. Your appointment number is ${appointment}.` },
    ];
    const questions = steps.filter((s) => 'say' in s).length;

    return {
      title: rng.pick(TITLES),
      difficulty: difficultyFor(facts.length),
      system: `You are the scheduling assistant of ${clinic}. Find the caller's file by full name and date of birth before booking. ${withDay ? 'Let the patient choose among the open slots.' : 'Book the earliest open slot of the specialty the patient needs.'} Never cancel appointments or change patient records unless asked. Give the patient the appointment number once booked.`,
      instruction: rng.pick(INSTRUCTIONS).replace('{name}', patient.name),
      fullInstruction: `${patient.name} (born ${patient.dob}, file ${patient.id}) needs ${withArticle(need.value)} (${need.key}) for ${need.why}. Book slot ${slot.slot_id} with ${doctors[0]} on ${slot.weekday} ${slot.date} at ${slot.time}.`,
      user: { persona: rng.pick(PERSONAS), facts: facts.map((f) => f.fact) },
      tools,
      world: { patients, slots: [...open, taken, ...elsewhere], appointments: [existing] },
      rubric: standardRubric({
        facts,
        subgoals: [
          called('finds-patient', "Finds the patient's file", 'find_patient', { dob: patient.dob }),
          called('searches', `Searches ${need.key} slots`, 'search_slots', { specialty: need.key }),
          worldGoal('booked', `Slot ${slot.slot_id} is booked for ${patient.id}, and nothing else`,
            `world.slots[slot_id = ${lit(slot.slot_id)}].(status = "booked" and patient_id = ${lit(patient.id)}) and $count(world.slots[patient_id = ${lit(patient.id)}]) = 1`),
        ],
        confirm: { pattern: rx(appointment), description: 'Gives the patient the appointment number' },
        distractors,
        maxQuestions: questions + 2,
      }),
      reference: steps,
      limits: { maxTurns: questions + 6 },
    };
  },
};
