import type { z } from 'zod';
import { formatPath } from '../domain/json-schema.js';
import { AgentScript, UserScript } from '../domain/task.js';
import { UserError } from '../errors.js';
import { readJsonFile } from './json-file.js';

function loadScript<T>(file: string, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(readJsonFile(file));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue ? formatPath(issue.path) : '';
  const detail = issue?.code === 'invalid_union' ? `not ${what}` : (issue?.message ?? 'invalid');
  throw new UserError(`${file}: ${path ? `${path}: ` : ''}${detail}`);
}

/** An agent script: `[{say}|{call,args}|{finish}]` (SPEC §2). */
export function loadAgentScript(file: string): AgentScript {
  return loadScript(file, AgentScript, 'an agent script step: each is {"say"}, {"call","args"} or {"finish"}');
}

/** A user script: `[{say}|{stop:true}]` (SPEC §2). */
export function loadUserScript(file: string): UserScript {
  return loadScript(file, UserScript, 'a user script step: each is {"say"} or {"stop": true}');
}
