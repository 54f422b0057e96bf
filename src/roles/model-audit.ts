import { createHash } from 'node:crypto';
import { z } from 'zod';
import { askJson } from '../adapters/ask-json.js';
import type { KeyedCache } from '../adapters/keyed-cache.js';
import type { ChatMessage, ModelClient } from '../adapters/model-types.js';
import type { Finding } from '../domain/audit-kinds.js';
import type { Event } from '../domain/events.js';
import { checkedBy } from '../domain/json-schema.js';
import type { Task } from '../domain/task.js';

/** Where the model's answers are kept (one per reply and what came before it), and that file's format tag. */
export const AUDIT_JUDGE_CACHE = '.synthagent/audit-cache.json';
export const AUDIT_JUDGE_CACHE_FORMAT = 'synthagent.audit-cache/1';

export const InventionVerdict = z.strictObject({ invented: z.boolean(), what: z.string() });
export type InventionVerdict = z.infer<typeof InventionVerdict>;

/** Marks a finding's detail as the model's opinion, not a rule's. */
export const MODEL_MARK = 'model';

const SYSTEM = [
  'You audit a user simulator. A simulated user was given some information and then chatted with a support agent.',
  'You are shown everything the user was given, the conversation before one of its replies, and that reply.',
  'Decide whether the reply states anything concrete the user was not given and nobody said before: a number, amount, date, time, name, id, e-mail, address or other specific detail.',
  'Restating what the user was given or what the agent or a tool said before is fine; so are greetings, opinions and "I don\'t know".',
  'Reply with JSON only: {"invented": true|false, "what": "<the invented detail(s), or empty>"}.',
].join('\n');

function given(task: Task): string {
  return [
    `Opening message: ${task.instruction}`,
    `What the user wants: ${task.fullInstruction}`,
    ...(task.user.persona ? [`Persona: ${task.user.persona}`] : []),
    ...(task.user.background ? [`Background: ${task.user.background}`] : []),
    ...task.user.facts.map((f) => `Fact: ${f.description}: ${String(f.value)}${f.answer ? ` (says: "${f.answer}")` : ''}`),
  ].join('\n');
}

function line(e: Event): string | null {
  switch (e.type) {
    case 'user_message':
      return `USER: ${e.text}`;
    case 'agent_message':
      return `AGENT: ${e.text}`;
    case 'tool_call':
      return `AGENT calls ${e.tool}(${JSON.stringify(e.args)})`;
    case 'tool_result':
      return `TOOL ${e.ok ? 'returns' : 'fails'}: ${JSON.stringify(e.ok ? e.result : e.error)}`;
    default:
      return null;
  }
}

/**
 * `audit --judge-model M`: asks a model, for each user reply after the opening one, whether it states
 * anything the user was not given; a yes is an `invented_value` finding whose detail says it is the
 * model's. Answers are cached by (model, what was asked), as the judge's are, so a second audit asks nothing.
 */
export function modelInventionCheck(client: ModelClient, model: string, cache: KeyedCache<InventionVerdict>): (task: Task, events: readonly Event[]) => Promise<Finding[]> {
  return async (task, events) => {
    const findings: Finding[] = [];
    const before: string[] = [];
    let opened = false;
    for (const e of events) {
      if (e.type === 'user_message' && opened) {
        const ask = `What the user was given:\n${given(task)}\n\nThe conversation so far:\n${before.join('\n') || '(nothing)'}\n\nThe reply to judge:\nUSER: ${e.text}`;
        const key = createHash('sha256').update(`${model}\n${ask}`).digest('hex');
        let verdict = cache.get(key);
        if (!verdict) {
          const messages = (problem: string): ChatMessage[] => [
            { role: 'system', content: SYSTEM },
            { role: 'user', content: problem ? `${ask}\n\nYour last answer was rejected: ${problem}` : ask },
          ];
          const answer = await askJson({ client, model, params: { temperature: 0 }, messages: messages(''), check: (json) => checkedBy(InventionVerdict, json), retry: (_m, _t, problem) => messages(problem) });
          if (!answer.ok) throw new Error(`the audit model gave no valid answer for seq ${e.seq}: ${answer.error}`);
          verdict = answer.value;
          cache.set(key, verdict);
        }
        if (verdict.invented) findings.push({ seq: e.seq, side: 'user', kind: 'invented_value', detail: `${MODEL_MARK} ${model} says the reply states what the user was not given: ${verdict.what || '(not said)'}` });
      }
      if (e.type === 'user_message') opened = true;
      const text = line(e);
      if (text) before.push(text);
    }
    return findings;
  };
}
