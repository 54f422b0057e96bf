import type { z } from 'zod';
import { formatPath } from '../domain/json.js';
import { AgentScript, stepIssue, UserScript } from '../domain/task.js';
import { UserError } from '../errors.js';
import { readJsonFile } from './json-file.js';

function loadScript<T>(file: string, schema: z.ZodType<T>, side: 'agent' | 'user', what: string): T {
  const raw = readJsonFile(file);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  let issue = parsed.error.issues[0];
  const step = issue?.path.length === 1 && Array.isArray(raw) ? issue.path[0] : undefined;
  const precise = typeof step === 'number' && Array.isArray(raw) ? stepIssue(raw[step], side) : null;
  if (precise && typeof step === 'number') issue = { ...precise, path: [step, ...precise.path] };
  const path = issue ? formatPath(issue.path) : '';
  const detail = issue?.code === 'invalid_union' ? `not ${what}` : (issue?.message ?? 'invalid');
  throw new UserError(`${file}: ${path ? `${path}: ` : ''}${detail}`);
}

/** An agent script: `[{say}|{call,args}|{finish}]` (SPEC §2). */
export function loadAgentScript(file: string): AgentScript {
  return loadScript(file, AgentScript, 'agent', 'an agent script step: each is {"say"}, {"call","args"} or {"finish"}');
}

/** A user script: `[{say}|{stop:true}]` (SPEC §2). */
export function loadUserScript(file: string): UserScript {
  return loadScript(file, UserScript, 'user', 'a user script step: each is {"say"} or {"stop": true}');
}
