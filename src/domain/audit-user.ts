import { type ConcreteValue, concreteValues, KnownValues } from './audit-values.js';
import type { Finding } from './audit-kinds.js';
import type { Event, EventOf } from './events.js';
import { wrongValueNamed } from './fact-values.js';
import { detectAsks, detectReveals } from './messages.js';
import { STOP_TOKEN } from './stop-token.js';
import type { Fact, Task } from './task.js';
import { containsPhrase, isQuestion, questionSentences, valueAppears } from './text-match.js';

/**
 * The user-side detectors of SPEC §6 over one log: `unasked_reveal`, `invented_value`,
 * `stopped_while_asked` and `broke_character`. Each rule and its blind spots are in README.md
 * ("Simulator audit"). The opening message (the task's instruction) is never judged.
 */
export function auditUserSide(task: Task, events: readonly Event[]): Finding[] {
  const findings: Finding[] = [];
  const known = givenToUser(task);
  const revealed = new Set<string>();
  /** Facts the agent asked for (alias, description's words, or value) in any message so far. */
  const asked = new Set<string>();
  /** Facts whose value the agent or a tool already said: the agent holds them, nothing is leaked. */
  const saidByOthers = new Set<string>();
  let lastAgent: EventOf<'agent_message'> | null = null;
  let opened = false;
  for (const e of events) {
    switch (e.type) {
      case 'agent_message':
        lastAgent = e;
        for (const f of factsAsked(task, e)) asked.add(f.id);
        for (const f of task.user.facts) if (valueAppears(e.text, f.value)) saidByOthers.add(f.id);
        known.addText(e.text);
        break;
      case 'tool_call':
        known.addJson(e.args);
        break;
      case 'tool_result': {
        const body = e.ok ? e.result : e.error;
        known.addJson(body);
        const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
        for (const f of task.user.facts) if (valueAppears(text, f.value)) saidByOthers.add(f.id);
        break;
      }
      case 'user_message':
        if (opened) {
          findings.push(...unaskedReveals(task, e, lastAgent, { revealed, asked, saidByOthers }));
          findings.push(...inventedValues(e, known));
          findings.push(...brokeCharacter(task, e));
        }
        opened = true;
        for (const id of [...e.reveals, ...detectReveals(task, e.text)]) revealed.add(id);
        known.addText(e.text);
        lastAgent = null;
        break;
      case 'end':
        if (e.reason === 'user_stopped' && lastAgent && isRealQuestion(lastAgent.text)) {
          findings.push({ seq: e.seq, side: 'user', kind: 'stopped_while_asked', detail: `the user stopped right after the agent asked ${quote(questionSentences(lastAgent.text).join(' '))} (seq ${lastAgent.seq})` });
        }
        break;
      case 'rubric_hit':
      case 'note':
        break;
    }
  }
  return findings;
}

/** What the user was given, before anyone speaks: the task's user-facing texts and fact values. */
function givenToUser(task: Task): KnownValues {
  const known = new KnownValues();
  for (const text of [task.instruction, task.fullInstruction, task.user.persona, task.user.background]) if (text) known.addText(text);
  for (const f of task.user.facts) {
    known.addJson(f.value);
    if (f.answer) known.addText(f.answer);
  }
  return known;
}

const quote = (text: string, max = 90): string => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;

// ---- unasked_reveal ----------------------------------------------------------------------------

const STOPWORDS = new Set(
  'a an the of for to in on at by with and or from into your my our their his her its is are was were be been do does did you it this that these those which what when where who how whom want wants would like need needs please user customer'.split(' '),
);

/** A word's matching key: short words whole (plural s dropped), long ones by their first five letters. */
function wordKey(word: string): string {
  const w = word.toLowerCase().replace(/'s$/, '');
  return w.length > 5 ? w.slice(0, 5) : w.replace(/s$/, '');
}

function contentWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? []).filter((w) => w.length >= 3 && !STOPWORDS.has(w)).map(wordKey))];
}

/**
 * Facts an agent message asks for: one of the fact's aliases, at least half of the content words of
 * its description ("date the subscription was cancelled" is asked by "when did you cancel the
 * subscription?"), or its value ("is it BK-4411?"), or, in a question, another value of its slot
 * ("Shall I send it to Lisbon?", see fact-values.ts), or the `asks` recorded with the event.
 */
export function factsAsked(task: Task, e: EventOf<'agent_message'>): Fact[] {
  const alias = new Set(detectAsks(task, e.text).map((f) => f.id));
  const words = new Set(contentWords(e.text));
  return task.user.facts.filter((f) => {
    if (alias.has(f.id) || e.asks.includes(f.id) || valueAppears(e.text, f.value)) return true;
    // Naming another value of the fact's slot is asking about it too ("Shall I send it to Lisbon?").
    if (isQuestion(e.text) && wrongValueNamed(task, f, e.text) !== null) return true;
    const described = contentWords(f.description);
    return described.length > 0 && described.filter((w) => words.has(w)).length >= Math.ceil(described.length / 2);
  });
}

function unaskedReveals(
  task: Task,
  e: EventOf<'user_message'>,
  answered: EventOf<'agent_message'> | null,
  seen: { revealed: ReadonlySet<string>; asked: ReadonlySet<string>; saidByOthers: ReadonlySet<string> },
): Finding[] {
  const ids = new Set([...e.reveals, ...detectReveals(task, e.text)]);
  const out: Finding[] = [];
  for (const f of task.user.facts) {
    if (!ids.has(f.id) || typeof f.value === 'boolean') continue;
    if (seen.revealed.has(f.id) || seen.asked.has(f.id) || seen.saidByOthers.has(f.id)) continue;
    const what = answered ? `the agent's message it answers (seq ${answered.seq}) did not ask for it` : 'no agent message asked for it';
    const hints = `aliases: ${f.aliases.slice(0, 4).join(', ')}${f.aliases.length > 4 ? ', …' : ''}`;
    out.push({ seq: e.seq, side: 'user', kind: 'unasked_reveal', detail: `reveals ${f.id} (${String(f.value)}) but ${what}, nor any earlier one (${hints}; description "${f.description}")` });
  }
  return out;
}

// ---- invented_value ----------------------------------------------------------------------------

const KIND_NAMES: Record<ConcreteValue['kind'], string> = { number: 'a number', date: 'a date', time: 'a time', code: 'an id/code', email: 'an e-mail' };

function inventedValues(e: EventOf<'user_message'>, known: KnownValues): Finding[] {
  const out: Finding[] = [];
  const reported = new Set<string>();
  for (const v of concreteValues(e.text)) {
    if (known.has(v) || reported.has(v.key)) continue;
    reported.add(v.key);
    out.push({
      seq: e.seq,
      side: 'user',
      kind: 'invented_value',
      detail: `states ${quote(v.text, 40)} (${KIND_NAMES[v.kind]}), found nowhere in what the user was given (instruction, full instruction, persona, background, facts) nor earlier in the transcript`,
    });
  }
  return out;
}

// ---- stopped_while_asked -----------------------------------------------------------------------

/** Questions that close a conversation: a user may leave on them. */
const CLOSING = /\b(anything else|something else|any other questions?|anything more|is that all|will that be all|all set)\b/i;

function isRealQuestion(text: string): boolean {
  return isQuestion(text) && questionSentences(text).some((q) => !CLOSING.test(q));
}

// ---- broke_character ---------------------------------------------------------------------------

const AS_AI =
  /\b(as an ai\b|i(?:'m| am) an ai\b|(?:large )?language model|ai model|simulated (?:user|customer)|user simulator|simulator\b|i(?:'m| am) (?:just |only )?(?:an? |your )?(?:virtual |ai |digital )?assistant\b(?! (?:professor|manager|director|editor|coach|principal|teacher|to\b))|as (?:an|your) (?:ai )?assistant\b|how (?:can|may) i (?:help|assist) you\b|(?:tool|function) calls?\b|my (?:system )?(?:prompt|instructions)\b)/i;
const RUBRIC = /\b(rubric|grading criteria|evaluation criteria|scoring criteria)\b/i;
const STOP_LIKE = /#{2,}\s*stop\s*#{2,}/i;

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Runs of this many words of the full instruction, said verbatim, count as quoting it. */
const QUOTE_WORDS = 10;

function brokeCharacter(task: Task, e: EventOf<'user_message'>): Finding[] {
  const reasons: string[] = [];
  const meta = AS_AI.exec(e.text);
  if (meta) reasons.push(`speaks as an AI/assistant/simulator (${quote(meta[0], 40)})`);
  const tool = task.tools.find((t) => (/[_\d]|[a-z][A-Z]/.test(t.name) && containsPhrase(e.text, t.name)) || new RegExp(`\\b${t.name}\\s*\\(`).test(e.text));
  if (tool) reasons.push(`names the tool ${tool.name}`);
  const rubric = RUBRIC.exec(e.text);
  if (rubric) reasons.push(`names the ${rubric[0]}`);
  if (e.text.includes(STOP_TOKEN) || STOP_LIKE.test(e.text)) reasons.push(`says the stop token ${STOP_TOKEN}`);
  const quoted = quotedInstruction(task, e.text);
  if (quoted) reasons.push(`quotes the full instruction verbatim (${quote(quoted, 60)})`);
  return reasons.map((r) => ({ seq: e.seq, side: 'user' as const, kind: 'broke_character' as const, detail: r }));
}

/** A sentence (≥ 6 words) or a run of QUOTE_WORDS words of the full instruction found in the reply, unless the user was given it to say. */
function quotedInstruction(task: Task, reply: string): string | null {
  const said = ` ${normalize(reply)} `;
  const sanctioned = ` ${[task.instruction, task.user.background ?? '', ...task.user.facts.map((f) => f.answer ?? '')].map(normalize).join(' | ')} `;
  const pieces: string[] = [];
  for (const sentence of task.fullInstruction.split(/(?<=[.!?])\s+/)) {
    const words = normalize(sentence).split(' ').filter(Boolean);
    if (words.length >= 6) pieces.push(words.join(' '));
    for (let i = 0; i + QUOTE_WORDS <= words.length; i++) pieces.push(words.slice(i, i + QUOTE_WORDS).join(' '));
  }
  return pieces.find((p) => said.includes(` ${p} `) && !sanctioned.includes(` ${p} `)) ?? null;
}
