import { createHash } from 'node:crypto';
import type { Finding } from './audit-kinds.js';
import type { Event } from './events.js';
import { canonicalJson, jsonEqual } from './json.js';
import { compileJsonSchema, describeIssues } from './json-schema.js';
import type { Task } from './task.js';

const hash = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);

/** A task version: recordings of one version are compared for `inconsistent_result`. */
export function taskVersion(task: Task): string {
  return hash(task);
}

interface Answer {
  ok: boolean;
  body: unknown;
  via: string;
  /** Where it was first seen: a recording's label (its file) and the result's seq. */
  where: string;
  seq: number;
}

/**
 * Every tool answer seen so far, by (task version, tool, canonical arguments, world hash): the
 * memory of `inconsistent_result`. One ledger per audit run compares the recordings given together;
 * a fresh one per recording compares a recording with itself. An object, so a caller bounds its life.
 */
export class ToolAnswers {
  private readonly first = new Map<string, Answer>();

  /** Checks one recording's tool results against everything seen before, then remembers them. */
  observe(label: string, task: Task, events: readonly Event[], version = taskVersion(task)): Finding[] {
    const findings: Finding[] = [];
    const calls = new Map<string, { tool: string; args: unknown; world: string }>();
    let world: unknown = task.world ?? {};
    let worldHash = hash(world);
    for (const e of events) {
      if (e.type === 'tool_call') calls.set(e.callId, { tool: e.tool, args: e.args, world: worldHash });
      if (e.type !== 'tool_result') continue;
      const call = calls.get(e.callId);
      if (call) {
        const key = `${version} ${call.tool} ${canonicalJson(call.args)} ${call.world}`;
        const body = e.ok ? e.result : e.error;
        const seen = this.first.get(key);
        if (!seen) this.first.set(key, { ok: e.ok, body, via: e.via, where: label, seq: e.seq });
        else if (seen.ok !== e.ok || !jsonEqual(seen.body, body)) {
          const there = seen.where === label ? `at seq ${seen.seq}` : `in ${seen.where} at seq ${seen.seq}`;
          findings.push({
            seq: e.seq,
            side: 'tool',
            kind: 'inconsistent_result',
            detail: `${call.tool}(${brief(call.args)}) ${answerText(e.ok, body)} (via ${e.via}), but the same call on the same world ${answerText(seen.ok, seen.body)} ${there} (via ${seen.via})`,
          });
        }
      }
      if (e.world) {
        world = e.world;
        worldHash = hash(world);
      }
    }
    return findings;
  }
}

function answerText(ok: boolean, body: unknown): string {
  return ok ? `returned ${brief(body)}` : `failed with ${brief(body)}`;
}

function brief(value: unknown, max = 80): string {
  const text = JSON.stringify(value ?? null);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `schema_violation`: a successful result that does not match its tool's `outputs` schema. */
export function schemaViolations(task: Task, events: readonly Event[]): Finding[] {
  const findings: Finding[] = [];
  const tools = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'tool_call') tools.set(e.callId, e.tool);
    if (e.type !== 'tool_result' || !e.ok) continue;
    const name = tools.get(e.callId);
    const outputs = task.tools.find((t) => t.name === name)?.outputs;
    if (!outputs) continue;
    const compiled = compileJsonSchema(outputs);
    if (!compiled.ok) continue;
    const checked = compiled.schema.safeParse(e.result);
    if (!checked.success) {
      findings.push({ seq: e.seq, side: 'tool', kind: 'schema_violation', detail: `${name} result ${brief(e.result, 60)} does not match its outputs schema: ${describeIssues(checked.error.issues)}` });
    }
  }
  return findings;
}
