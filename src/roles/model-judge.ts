import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { KeyedCache } from '../adapters/keyed-cache.js';
import type { ChatMessage, ModelClient } from '../adapters/model-types.js';
import { askJson } from '../adapters/ask-json.js';
import { checkedBy } from '../domain/json-schema.js';
import type { Event } from '../domain/events.js';
import type { Judge } from './role.js';

/** The verdict a judge must give: strict JSON, checked. */
export const Verdict = z.strictObject({ verdict: z.boolean(), reason: z.string().min(1) });
export type Verdict = z.infer<typeof Verdict>;

/** The transcript a judge reads: messages, tool calls and results, nothing of the rubric. */
export function judgeTranscript(events: readonly Event[]): string {
  return events
    .flatMap((e) => {
      switch (e.type) {
        case 'user_message':
          return [`USER: ${e.text}`];
        case 'agent_message':
          return [`AGENT: ${e.text}`];
        case 'tool_call':
          return [`AGENT CALLS ${e.tool}(${JSON.stringify(e.args)})`];
        case 'tool_result':
          return [`TOOL ${e.ok ? 'RESULT' : 'ERROR'}: ${JSON.stringify(e.ok ? e.result : e.error)}`];
        default:
          return [];
      }
    })
    .join('\n');
}

/** Where verdicts are kept, and the format tag of that file. */
export const JUDGE_CACHE = '.synthagent/judge-cache.json';
export const JUDGE_CACHE_FORMAT = 'synthagent.judge-cache/1';

/** An LLM judge with a cache by (criterion, transcript hash): pass `RunCaches.keyed(JUDGE_CACHE, JUDGE_CACHE_FORMAT)`. */
export function modelJudge(client: ModelClient, model: string, cache: KeyedCache<Verdict>): Judge {
  return async ({ criterion, events }) => {
    const transcript = judgeTranscript(events);
    const key = createHash('sha256').update(`${criterion}\n${transcript}`).digest('hex');
    const hit = cache.get(key);
    if (hit) return hit;
    const messages = (problem: string): ChatMessage[] => [
      { role: 'system', content: 'You judge a conversation between a support agent and a user against one criterion. Reply with JSON only: {"verdict": true|false, "reason": "<one sentence>"}.' },
      { role: 'user', content: `Criterion: ${criterion}\n\nTranscript:\n${transcript}${problem ? `\n\nYour last answer was rejected: ${problem}` : ''}` },
    ];
    const answer = await askJson({
      client,
      model,
      params: { temperature: 0 },
      messages: messages(''),
      check: (json) => checkedBy(Verdict, json),
      retry: (_messages, _text, problem) => messages(problem),
    });
    if (!answer.ok) throw new Error(`no valid verdict: ${answer.error}`);
    cache.set(key, answer.value);
    return answer.value;
  };
}

/** A judge that repeats the verdicts a recording holds (replay needs no network). */
export function recordedJudge(events: readonly Event[]): Judge {
  const verdicts = new Map<string, Verdict>();
  for (const e of events) if (e.type === 'note' && e.judge) verdicts.set(`${e.judge.path} ${e.judge.criterion}`, { verdict: e.judge.verdict, reason: e.judge.reason });
  return async ({ path, criterion }) => verdicts.get(`${path} ${criterion}`) ?? null;
}
