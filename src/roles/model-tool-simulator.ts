import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { KeyedCache } from '../adapters/keyed-cache.js';
import { askJson } from '../adapters/ask-json.js';
import type { ChatMessage, ModelClient } from '../adapters/model-types.js';
import { canonicalJson } from '../domain/json.js';
import { checkedBy, compileJsonSchema } from '../domain/json-schema.js';
import { outputsProblem, type ToolSimulator } from '../domain/mock-tools.js';

export type SimAnswer = { ok: true; result: unknown } | { ok: false; error: unknown };

/** The cache key of a simulated call: task id, tool, canonical arguments and a hash of the world. */
export function simKey(taskId: string, tool: string, args: unknown, world: unknown): string {
  const worldHash = createHash('sha256').update(canonicalJson(world)).digest('hex').slice(0, 16);
  return `${taskId} ${tool} ${canonicalJson(args)} ${worldHash}`;
}

/** The format tag of a simulator cache file (`<task id>.simcache` next to the task). */
export const SIM_CACHE_FORMAT = 'synthagent.sim-cache/1';

const Reply = z.union([z.object({ result: z.json() }), z.object({ error: z.json() })]);

/** A person who answers a simulated call (`--tools human`): their answer, or null to let the call fall through. */
export type AskPerson = (request: Parameters<ToolSimulator>[0]) => Promise<SimAnswer | null>;

/**
 * Answers `simulate: true` tools. A call seen before (same task, tool, arguments and world) is answered
 * from a lowdb cache file kept next to the task, so it gets the same answer forever; otherwise a model
 * writes it from the tool's description, `outputs` schema, the world and the earlier calls, and the
 * answer is checked against `outputs` (one retry). With no model, a person (`ask`) may answer instead:
 * their answer is cached the same way, so the next run needs no one. Otherwise it falls through.
 */
export function modelToolSimulator(
  cache: KeyedCache<SimAnswer>,
  client: ModelClient | null,
  model: string | null,
  note?: (text: string) => void,
  opts: { temperature?: number | null; ask?: AskPerson } = {},
): ToolSimulator {
  const temperature = opts.temperature ?? 0;
  const { ask } = opts;
  return async (request) => {
    const { task, tool, args, world, earlier } = request;
    const key = simKey(task.id, tool.name, args, world);
    const hit = cache.get(key);
    if (hit) return hit;
    if (!client || !model) {
      const answer = ask ? await ask(request) : null;
      // The form checks a result against `outputs` before it is sent; checked again here, as a model's is.
      if (answer?.ok && outputsProblem(tool, answer.result)) return { ok: false, error: outputsProblem(tool, answer.result) };
      if (answer) cache.set(key, answer);
      return answer;
    }
    const prompt = [
      `You simulate the tool "${tool.name}" of a software system. Description: ${tool.description}`,
      `Its parameters (JSON Schema): ${JSON.stringify(tool.parameters)}`,
      ...(tool.outputs ? [`Its result must match this JSON Schema: ${JSON.stringify(tool.outputs)}`] : []),
      `The current state of the system: ${JSON.stringify(world)}`,
      ...(earlier.length ? [`Earlier calls in this session and their answers (stay consistent with them): ${JSON.stringify(earlier)}`] : []),
      'Answer the call as the real tool would, realistic and consistent. Reply with JSON only: {"result": <the result>} or {"error": "<message>"}.',
    ].join('\n');
    const outputs = tool.outputs ? compileJsonSchema(tool.outputs) : null;
    const messages = (problem: string): ChatMessage[] => [
      { role: 'system', content: prompt },
      { role: 'user', content: `Call: ${tool.name}(${canonicalJson(args)})${problem ? `\nYour last answer was rejected: ${problem}. Answer again.` : ''}` },
    ];
    const answer = await askJson<SimAnswer>({
      client,
      model,
      params: { temperature },
      messages: messages(''),
      check: (json) => {
        const reply = checkedBy(Reply, json);
        if (!reply.ok) return reply;
        if (!('result' in reply.value)) return { ok: true, value: { ok: false, error: reply.value.error } };
        const checked = outputs?.ok ? checkedBy(outputs.schema, reply.value.result) : null;
        if (checked && !checked.ok) return { ok: false, error: `result does not match outputs: ${checked.error}` };
        return { ok: true, value: { ok: true, result: reply.value.result } };
      },
      retry: (_messages, _text, problem) => messages(problem),
      onRefused: (problem, again) => note?.(`simulated ${tool.name}: ${problem}${again ? '; asking again' : ''}`),
    });
    if (!answer.ok) return { ok: false, error: `the tool simulator gave no valid answer: ${answer.error}` };
    cache.set(key, answer.value);
    return answer.value;
  };
}
