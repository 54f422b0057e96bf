import { z } from 'zod';
import type { AgentAction } from '../roles/role.js';
import { HttpError } from './http-json.js';

const Say = z.strictObject({ say: z.string().min(1, 'say: needs some text') });
const Call = z.strictObject({ call: z.string().min(1, 'call: needs a tool name'), args: z.record(z.string(), z.unknown()).optional() });
const Finish = z.strictObject({ finish: z.string().nullable().optional() });

const SHAPES = 'an action is {"say": text}, {"call": tool, "args": {…}} or {"finish": text?}';

/**
 * The `action` of a step request (SPEC §7) as an agent action, or a 400 that says what is wrong.
 * The key it holds picks the shape, so the message is about that shape, not about all three.
 */
export function parseStepAction(body: unknown): AgentAction {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('action' in body)) {
    throw new HttpError(400, 'bad_request', `the body must be {"action": …}; ${SHAPES}`);
  }
  const action = (body as { action: unknown }).action;
  if (action === null || typeof action !== 'object' || Array.isArray(action)) throw new HttpError(400, 'bad_action', `action: ${SHAPES}`);
  const shape = 'say' in action ? Say : 'call' in action ? Call : 'finish' in action ? Finish : null;
  if (!shape) throw new HttpError(400, 'bad_action', `action: ${SHAPES}`);
  const parsed = shape.safeParse(action);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
    const message = issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')} (${SHAPES})` : issue.message;
    throw new HttpError(400, 'bad_action', `action${path}: ${message}`);
  }
  const value = parsed.data;
  if ('say' in value) return { type: 'say', text: value.say };
  if ('call' in value) return { type: 'call', tool: value.call, args: value.args ?? {} };
  return value.finish ? { type: 'finish', text: value.finish } : { type: 'finish' };
}
