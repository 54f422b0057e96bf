import type { Event } from '../domain/events.js';
import type { Task } from '../domain/task.js';
import { RunCaches } from '../adapters/run-caches.js';
import { judgeTranscript } from '../roles/model-judge.js';
import type { SessionOutcome } from './run-session.js';
import { assembleSession, type SessionPlan } from './start.js';

export type ReferenceRun = { ok: true; score: number } | { ok: false; score: number; problems: string[]; transcript: string };

/** Plays the reference against the rule user simulator; anything short of score 1 is explained. */
export async function runReference(task: Task, caches = new RunCaches()): Promise<ReferenceRun> {
  const { log, result } = await playReference(task, caches);
  if (result.score === 1) return { ok: true, score: 1 };
  // Cite the event that earned a hit (its `at`), not the rubric_hit record after it.
  const hits = new Map(log.events.flatMap((e) => (e.type === 'rubric_hit' ? [[e.item, e.at ?? e.seq] as const] : [])));
  const unjudged = new Set(result.unjudged);
  const problems: string[] = [];
  for (const item of task.rubric) {
    const seq = hits.get(item.id);
    if (item.kind === 'forbidden' && seq !== undefined) problems.push(`forbidden item "${item.id}" (${item.description}) was triggered by the reference at event ${seq}`);
    if (item.kind !== 'forbidden' && seq === undefined && !unjudged.has(item.id)) problems.push(`${item.kind} item "${item.id}" (${item.description}) is not satisfied by the reference`);
  }
  problems.push(...toolErrors(log.events));
  if (result.end === 'user_stopped' && (task.reference ?? []).some((s, i) => i > lastSay(log.events, task) && !('finish' in s)))
    problems.push('the simulated user left early: an agent message that is not a question and asks for no fact ends the session');
  else if (result.end !== 'agent_finished' && result.end !== 'user_stopped') problems.push(`the session ended "${result.end}"`);
  for (const e of log.events) if (e.type === 'note' && e.level === 'error') problems.push(e.text);
  return { ok: false, score: result.score, problems, transcript: judgeTranscript(log.events) };
}

function toolErrors(events: readonly Event[]): string[] {
  const calls = new Map<string, { tool: string; args: unknown }>();
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'tool_call') calls.set(e.callId, { tool: e.tool, args: e.args });
    if (e.type === 'tool_result' && !e.ok) {
      const call = calls.get(e.callId);
      const error = typeof e.error === 'string' ? e.error : JSON.stringify(e.error);
      out.push(`reference call ${call?.tool ?? '?'}(${JSON.stringify(call?.args ?? {})}) failed: ${error} (via ${e.via})`);
    }
  }
  return out;
}

/** Index in the reference of the agent message the session ended on (steps after it never ran). */
function lastSay(events: readonly Event[], task: Task): number {
  const said = events.filter((e) => e.type === 'agent_message').length;
  let seen = 0;
  const steps = task.reference ?? [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if ('say' in step || ('finish' in step && step.finish)) seen++;
    if (seen === said) return i;
  }
  return steps.length;
}

/**
 * The reference against the rule user simulator, no tool simulator, no judge: what synth checks a new
 * task with. A task without a reference plays an empty one.
 */
export function playReference(task: Task, caches = new RunCaches()): Promise<SessionOutcome> {
  const plan: SessionPlan = { loaded: { task: task.reference ? task : { ...task, reference: [] } }, agent: { kind: 'reference' }, user: { kind: 'sim' }, simulate: null, judge: null };
  return assembleSession(plan, { caches }).run();
}
