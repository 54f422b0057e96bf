import { z } from 'zod';
import { Sections } from './rewards.js';
import { RubricKind } from './task.js';

/**
 * Event payloads (arguments, results, worlds) come from JSON.parse or from our own code, so they are
 * JSON by construction; checking them value by value again would cost more than the whole parse.
 */
const Payload = z.unknown();

export const EndReason = z.enum(['agent_finished', 'user_stopped', 'max_turns', 'max_tool_calls', 'aborted', 'error']);
export type EndReason = z.infer<typeof EndReason>;

export const Via = z.enum(['invalid', 'case', 'query', 'simulate', 'default', 'unknown_tool']);
export type Via = z.infer<typeof Via>;

const seq = z.number().int().nonnegative();

export const UserMessage = z.object({
  seq,
  type: z.literal('user_message'),
  text: z.string(),
  /** Fact ids whose value appears in this message. */
  reveals: z.array(z.string()),
});
export const AgentMessage = z.object({
  seq,
  type: z.literal('agent_message'),
  text: z.string(),
  question: z.boolean(),
  /** Fact ids one of whose aliases the message uses. */
  asks: z.array(z.string()),
});
export const ToolCallEvent = z.object({
  seq,
  type: z.literal('tool_call'),
  callId: z.string(),
  tool: z.string(),
  args: Payload,
});
export const ToolResultEvent = z.object({
  seq,
  type: z.literal('tool_result'),
  callId: z.string(),
  ok: z.boolean(),
  result: Payload.optional(),
  error: Payload.optional(),
  via: Via,
  /** The whole world after this call, present only when the call changed it (never shown to the agent). */
  world: z.record(z.string(), Payload).optional(),
});
export const RubricHit = z.object({
  seq,
  type: z.literal('rubric_hit'),
  item: z.string(),
  kind: RubricKind,
  /** seq of the event that earned the hit. */
  at: seq.optional(),
});
export const EndEvent = z.object({ seq, type: z.literal('end'), reason: EndReason });
export const NoteEvent = z.object({
  seq,
  type: z.literal('note'),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string(),
  /** A judge's verdict on a `judge` check (path as in the rubric tree, e.g. `3` or `3.0`). */
  judge: z.object({ path: z.string(), criterion: z.string(), verdict: z.boolean(), reason: z.string() }).optional(),
  /** The whole-rubric judge's section status block (`Completed Items: X/Y` per section), as it answered it. */
  judgeSections: Sections.optional(),
});

/** One entry of the append-only session log (SPEC §4). */
export const Event = z.discriminatedUnion('type', [
  UserMessage,
  AgentMessage,
  ToolCallEvent,
  ToolResultEvent,
  RubricHit,
  EndEvent,
  NoteEvent,
]);
export type Event = z.infer<typeof Event>;
export type EventType = Event['type'];
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;

/** An event before the log gives it its `seq`. */
export type NewEvent = Event extends infer E ? (E extends Event ? Omit<E, 'seq'> : never) : never;
