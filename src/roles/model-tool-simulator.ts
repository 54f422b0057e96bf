import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LowSync } from 'lowdb';
import { JSONFileSync } from 'lowdb/node';
import { z } from 'zod';
import type { ModelClient } from '../adapters/model-client.js';
import { canonicalJson } from '../domain/json.js';
import { compileJsonSchema, describeIssues } from '../domain/json-schema.js';
import type { ToolSimulator } from '../domain/mock-tools.js';
import { errorMessage } from '../errors.js';

type Answer = { ok: true; result: unknown } | { ok: false; error: unknown };

interface SimCacheFile {
  format: 'synthagent.sim-cache/1';
  entries: Record<string, Answer>;
}

/** The cache key of a simulated call: task id, tool, canonical arguments and a hash of the world. */
export function simKey(taskId: string, tool: string, args: unknown, world: unknown): string {
  const worldHash = createHash('sha256').update(canonicalJson(world)).digest('hex').slice(0, 16);
  return `${taskId} ${tool} ${canonicalJson(args)} ${worldHash}`;
}

const Reply = z.union([z.object({ result: z.json() }), z.object({ error: z.json() })]);

/** The first JSON object in a model's answer (models wrap JSON in prose or code fences). */
function extractJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error('no JSON object in the answer');
  return JSON.parse(text.slice(start, end + 1));
}

/**
 * Answers `simulate: true` tools. A call seen before (same task, tool, arguments and world) is answered
 * from a lowdb cache file kept next to the task, so it gets the same answer forever; otherwise a model
 * writes it from the tool's description, `outputs` schema, the world and the earlier calls, and the
 * answer is checked against `outputs` (one retry). With no model and no cache entry it falls through.
 */
export function modelToolSimulator(cacheFile: string, client: ModelClient | null, model: string | null, note?: (text: string) => void): ToolSimulator {
  const db = new LowSync(new JSONFileSync<SimCacheFile>(cacheFile), { format: 'synthagent.sim-cache/1', entries: {} });
  let loaded = false;
  const load = (): void => {
    if (loaded) return;
    try {
      db.read();
    } catch {
      db.data = { format: 'synthagent.sim-cache/1', entries: {} };
    }
    loaded = true;
  };
  return async ({ task, tool, args, world, earlier }) => {
    load();
    const key = simKey(task.id, tool.name, args, world);
    const hit = db.data.entries[key];
    if (hit) return hit;
    if (!client || !model) return null;
    const prompt = [
      `You simulate the tool "${tool.name}" of a software system. Description: ${tool.description}`,
      `Its parameters (JSON Schema): ${JSON.stringify(tool.parameters)}`,
      ...(tool.outputs ? [`Its result must match this JSON Schema: ${JSON.stringify(tool.outputs)}`] : []),
      `The current state of the system: ${JSON.stringify(world)}`,
      ...(earlier.length ? [`Earlier calls in this session and their answers (stay consistent with them): ${JSON.stringify(earlier)}`] : []),
      'Answer the call as the real tool would, realistic and consistent. Reply with JSON only: {"result": <the result>} or {"error": "<message>"}.',
    ].join('\n');
    const outputs = tool.outputs ? compileJsonSchema(tool.outputs) : null;
    let problem = '';
    for (let tries = 0; tries < 2; tries++) {
      const messages = [
        { role: 'system' as const, content: prompt },
        { role: 'user' as const, content: `Call: ${tool.name}(${canonicalJson(args)})${problem ? `\nYour last answer was rejected: ${problem}. Answer again.` : ''}` },
      ];
      const answer = await client.chat({ model, messages, params: { temperature: 0 } });
      try {
        const reply = Reply.parse(extractJson(answer.content ?? ''));
        if ('result' in reply && outputs?.ok) {
          const checked = outputs.schema.safeParse(reply.result);
          if (!checked.success) throw new Error(`result does not match outputs: ${describeIssues(checked.error.issues)}`);
        }
        const out: Answer = 'result' in reply ? { ok: true, result: reply.result } : { ok: false, error: reply.error };
        mkdirSync(dirname(cacheFile), { recursive: true });
        db.data.entries[key] = out;
        db.write();
        return out;
      } catch (err) {
        problem = errorMessage(err);
        note?.(`simulated ${tool.name}: ${problem}${tries === 0 ? '; asking again' : ''}`);
      }
    }
    return { ok: false, error: `the tool simulator gave no valid answer: ${problem}` };
  };
}
