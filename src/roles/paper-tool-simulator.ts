import type { KeyedCache } from '../adapters/keyed-cache.js';
import type { ModelClient } from '../adapters/model-types.js';
import { checkedBy, compileJsonSchema } from '../domain/json-schema.js';
import { nestingProblem } from '../domain/json.js';
import type { ToolSimulator } from '../domain/mock-tools.js';
import type { Task } from '../domain/task.js';
import { type SimAnswer, simKey } from './model-tool-simulator.js';

/** The paper's tool simulator samples (its call_llm_api default); `--tool-temperature` sets another. */
export const PAPER_TOOL_TEMPERATURE = 0.9;

/**
 * `--prompts paper`: the tool simulator of the paper's rollouts (their "prophet of the virtual world"),
 * in our words: it sees every tool of the task, what earlier calls returned (which it must not
 * contradict), and the call as `{"name", "arguments"}`; it answers only what the tool would return,
 * neither too long nor too brief, inside <response> tags.
 */
export function paperToolPrompt(task: Task, call: { name: string; arguments: unknown }, earlier: readonly { tool: string; args: unknown; ok: boolean; result?: unknown; error?: unknown }[], world: unknown): string {
  const tools = task.tools.map((t) => JSON.stringify({ name: t.name, description: t.description, parameters: t.parameters, ...(t.outputs ? { outputs: t.outputs } : {}) }));
  const memory = [
    ...(world && typeof world === 'object' && Object.keys(world).length > 0 ? [`State: ${JSON.stringify(world)}`] : []),
    ...earlier.map((c) => `Query:\n${JSON.stringify({ name: c.tool, arguments: c.args })}\nResponse:\n${c.ok ? JSON.stringify(c.result) : `error: ${JSON.stringify(c.error)}`}`),
  ];
  return [
    'You are the prophet of a virtual world: you know every fact and detail of it, and you remember everything it has established so far. An agent is calling one of its tools; you play that tool and answer exactly as it would.',
    '',
    `### The tools of this world (with what they do)\n${tools.join('\n')}`,
    '',
    `### What the world has established so far\nThese earlier calls and their answers are fixed facts: follow them, never contradict them.\n${memory.length > 0 ? memory.join('\n\n') : '(nothing yet)'}`,
    '',
    `### The call\n${JSON.stringify(call)}`,
    '',
    '### Rules',
    '1. Answer as the tool would, from its description and parameters, consistent with every earlier call; where the tool has an output schema, the answer is JSON that matches it.',
    '2. Only the tool\'s output: no explanation of what you are doing, no narration unless the tool itself returns prose.',
    '3. Keep it under about 1000 tokens, yet not so short that the agent lacks what it asked for.',
    '',
    'Write the answer like this:\n<response>\n(the tool\'s output)\n</response>',
  ].join('\n');
}

/** The text inside the last <response>…</response>, or the whole answer. */
function responseText(text: string): string {
  const all = [...text.matchAll(/<response>([\s\S]*?)<\/response>/gi)];
  return (all.at(-1)?.[1] ?? text).trim();
}

/** JSON when the text is JSON, else the text itself (free text is allowed where the tool has no `outputs`). */
function parsed(text: string): { json: true; value: unknown } | { json: false; value: string } {
  try {
    return { json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { json: false, value: text };
  }
}

/** The paper's tool simulator: cached like ours (task, tool, canonical arguments, world), one retry when an `outputs` schema is not met. */
export function paperToolSimulator(cache: KeyedCache<SimAnswer>, client: ModelClient | null, model: string | null, temperature: number, note?: (text: string) => void): ToolSimulator {
  return async ({ task, tool, args, world, earlier }) => {
    const key = simKey(task.id, tool.name, args, world);
    const hit = cache.get(key);
    if (hit) return hit;
    if (!client || !model) return null;
    const outputs = tool.outputs ? compileJsonSchema(tool.outputs) : null;
    const prompt = paperToolPrompt(task, { name: tool.name, arguments: args }, earlier, world);
    let problem = '';
    for (let tries = 0; tries < 2; tries++) {
      const content = problem ? `${prompt}\n\nYour last answer was rejected: ${problem}. Answer again.` : prompt;
      const answer = await client.chat({ model, messages: [{ role: 'user', content }], params: { temperature } });
      const text = responseText(answer.content ?? '');
      const value = parsed(text);
      const deep = value.json ? nestingProblem(value.value) : null;
      if (deep) {
        problem = `the answer is refused: ${deep}`;
        note?.(`simulated ${tool.name}: ${problem}${tries === 0 ? '; asking again' : ''}`);
        continue;
      }
      if (outputs?.ok) {
        const checked = value.json ? checkedBy(outputs.schema, value.value) : { ok: false as const, error: 'not JSON, and the tool has an output schema' };
        if (!checked.ok) {
          problem = `result does not match outputs: ${checked.error}`;
          note?.(`simulated ${tool.name}: ${problem}${tries === 0 ? '; asking again' : ''}`);
          continue;
        }
      }
      if (text === '') {
        problem = 'the answer is empty';
        continue;
      }
      const out: SimAnswer = { ok: true, result: value.value };
      cache.set(key, out);
      return out;
    }
    return { ok: false, error: `the tool simulator gave no valid answer: ${problem}` };
  };
}
