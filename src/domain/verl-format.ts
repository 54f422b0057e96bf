import type { Result } from './result.js';
import { z } from 'zod';
import { isPlainObject } from './json.js';

/**
 * The seed paper's released RL records (`synthagent-verl`): a Hermes-style prompt (a `<policy>` and a
 * `<tools>` block in the system message, "Task Description: …" and fixed requirements in the user
 * message), the user simulator's hidden context and a Markdown rubric. Shared by import and export so
 * the two stay inverse of each other.
 */
export const VerlRecord = z.looseObject({
  id: z.union([z.string().min(1), z.number()]),
  prompt: z.array(z.looseObject({ role: z.string(), content: z.string() })).min(1),
  // Some released records have no background (null).
  task_background: z.string().nullable(),
  rubrics: z.string(),
  extra_info: z.looseObject({}).optional(),
});
export type VerlRecord = z.infer<typeof VerlRecord>;

/** One function as the paper lists it inside `<tools>`, one JSON object per line. */
export interface VerlFunction {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const TOOLS_HEAD =
  '# Tools\n\nYou may call one or more functions to assist with the user query.\n\n' +
  'You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n';
const TOOLS_TAIL =
  '\n</tools>\n\nFor each function call, return a json object with function name and arguments within ' +
  '<tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>';

/** The paper's harness boilerplate after the task; synthagent carries tool calls natively, so import drops it. */
const REQUIREMENTS =
  '### Requirements:\n' +
  '1. Please call only one tool at a time, and you must provide your brief reasoning process before using any tool. ' +
  'You can not just give a tool call without providing your reasoning process.\n\n' +
  '2. Once the task is complete, output the final answer, wrapping the answer in `<answer></answer>` as a termination signal. \n\n' +
  '3. IMPORTANT: The user most likely provided insufficient information, you are encouraged to interact with the user to gather ' +
  'more information if needed. Please interact with the user multiple turns, the more times you interact, the more information ' +
  'you can gather. Interact with the user to check for the important information!!!\n';

export function renderSystemPrompt(policy: string | undefined, functions: readonly VerlFunction[]): string {
  const lines = functions.map((f) => pythonJson({ type: 'function', function: f }));
  return `${policy === undefined ? '' : `<policy>${policy}</policy>\n`}${TOOLS_HEAD}${lines.map((l) => `${l}\n`).join('')}${TOOLS_TAIL}`;
}

/** The paper's template ends the task with a period; a question or an exclamation keeps its own mark. */
export function renderUserPrompt(instruction: string): string {
  const end = /[?!]$/.test(instruction) ? '' : '.';
  return `Task Description: ${instruction}${end}\n\n${REQUIREMENTS}`;
}


/** The policy (or, without `<policy>` tags, whatever precedes the tools section) and the functions. */
export function parseSystemPrompt(text: string): Result<{ policy: string | undefined; functions: VerlFunction[] }> {
  // The preamble names the tags ("within <tools></tools> XML tags"): the block is the last pair.
  const tools = [...text.matchAll(/<tools>([\s\S]*?)<\/tools>/g)].at(-1);
  if (!tools) return { ok: false, error: 'no <tools>…</tools> block in the system message' };
  const functions: VerlFunction[] = [];
  const lines = (tools[1] ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  for (const [i, line] of lines.entries()) {
    const fn = parseFunction(line);
    if (typeof fn === 'string') return { ok: false, error: `<tools> entry ${i + 1}: ${fn}` };
    functions.push(fn);
  }
  const tagged = /<policy>([\s\S]*?)<\/policy>/.exec(text);
  const untagged = text.slice(0, Math.max(0, text.search(/^#+\s*Tools\b|<tools>/m))).trim();
  const policy = (tagged ? tagged[1]! : untagged).trim();
  return { ok: true, value: { policy: policy === '' ? undefined : policy, functions } };
}

function parseFunction(line: string): VerlFunction | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return 'not a JSON object';
  }
  const fn = isPlainObject(raw) && isPlainObject(raw.function) ? raw.function : raw;
  if (!isPlainObject(fn) || typeof fn.name !== 'string' || fn.name.trim() === '') return 'a function needs a "name"';
  const parameters = fn.parameters ?? { type: 'object', properties: {} };
  if (!isPlainObject(parameters) || parameters.type !== 'object') return `function "${fn.name}": "parameters" must be a JSON Schema of type "object"`;
  // Some released records call the result schema `returns`.
  const key = fn.outputs !== undefined ? 'outputs' : 'returns';
  const outputs = fn[key];
  if (outputs !== undefined && !isPlainObject(outputs)) return `function "${fn.name}": "${key}" must be a JSON Schema object`;
  return {
    name: fn.name.trim(),
    description: typeof fn.description === 'string' ? fn.description : '',
    parameters,
    ...(isPlainObject(outputs) ? { outputs } : {}),
  };
}

/** The task statement of the user message: after "Task Description:", before the requirements. */
export function parseUserPrompt(text: string): string {
  const m = /Task Description:\s*([\s\S]*?)(?:\n\s*#{1,6}\s*Requirements:[\s\S]*)?$/.exec(text);
  const task = (m ? m[1]! : text).trim();
  // The paper's template appends a period to the task (which usually ends in one already: "..").
  return m ? task.replace(/\.$/, '') : task;
}

/** JSON as Python's json.dumps writes it (", " and ": " separators, non-ASCII escaped), as in the paper's data. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${asciiJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return typeof value === 'string' ? asciiJson(value) : JSON.stringify(value ?? null);
}

function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
