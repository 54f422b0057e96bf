import { z } from 'zod';
import { EndReason, Event } from './events.js';
import { Rewards, Sections } from './rewards.js';
import { RubricKind, Task } from './task.js';

export const RECORDING_FORMAT = 'synthagent.recording/1';

/**
 * How far down a recording file holds an event's values (arguments, result, error, world): the recording,
 * its `events`, the event. Each value is at most MAX_NESTING deep (json.ts), so a reader allows the file
 * this many levels more, and reads back whatever the writer wrote.
 */
export const EVENT_VALUE_DEPTH = 3;

/** `mcp` and `http`: an outside agent program played through `synthagent serve` (SPEC §7). */
export const RoleKind = z.enum(['human', 'model', 'reference', 'script', 'sim', 'mcp', 'http']);
export type RoleKind = z.infer<typeof RoleKind>;

/** Who played a side; `client` names an outside agent (its MCP client name and version, or its HTTP User-Agent). */
export const RoleInfo = z.object({ kind: RoleKind, model: z.string().optional(), script: z.string().optional(), client: z.string().optional() });
export type RoleInfo = z.infer<typeof RoleInfo>;

export const Hit = z.object({ item: z.string(), kind: RubricKind, seq: z.number().int() });
export type Hit = z.infer<typeof Hit>;

/** How a session scored (SPEC §4 `result`). */
export const SessionResult = z.object({
  score: z.number().min(0).max(1),
  passed: z.boolean(),
  end: EndReason,
  hits: z.array(Hit),
  unjudged: z.array(z.string()),
  /** The paper's three sections over judged items (SPEC §1 "Reward profiles"). */
  sections: Sections,
  /** Both rewards; `score` is `rewards.paper`. */
  rewards: Rewards,
});
export type SessionResult = z.infer<typeof SessionResult>;

/** A result as older recordings stored it: without `sections` and `rewards` (readRecording derives them). */
export const StoredResult = SessionResult.extend({ sections: Sections.optional(), rewards: Rewards.optional() });
export type StoredResult = z.infer<typeof StoredResult>;

/** Where the task of a recording came from, so rescore can load today's version. */
export const TaskSource = z.union([
  z.object({ bundled: z.string() }),
  z.object({ file: z.string() }),
]);
export type TaskSource = z.infer<typeof TaskSource>;

/** A person's or a tool's remark on one event (SPEC §4 `annotations`; kinds as in §6, or `human_flag`). */
export const Annotation = z.object({
  seq: z.number().int().nonnegative(),
  kind: z.string().min(1),
  note: z.string(),
  by: z.string(),
});
export type Annotation = z.infer<typeof Annotation>;

export const Recording = z.object({
  format: z.literal(RECORDING_FORMAT),
  id: z.string().min(1),
  createdAt: z.string(),
  task: Task,
  taskSource: TaskSource.optional(),
  roles: z.object({ agent: RoleInfo, user: RoleInfo }),
  events: z.array(Event),
  result: SessionResult.nullable(),
  complete: z.boolean(),
  /** A fork's origin: the recording it continued and the seq it continued after. */
  parent: z.object({ id: z.string(), file: z.string().optional(), at: z.number().int() }).optional(),
  /** Remarks on events; replay and rescore keep them (SPEC §4). */
  annotations: z.array(Annotation).optional(),
  /** Each `rescore --write`: when, the score before and after, and which hits changed. */
  rescored: z
    .array(
      z.object({
        at: z.string(),
        from: z.object({ score: z.number().nullable(), passed: z.boolean().nullable() }),
        to: z.object({ score: z.number(), passed: z.boolean() }),
        changes: z.array(z.string()),
      }),
    )
    .optional(),
});
export type Recording = z.infer<typeof Recording>;

/** How a fork is labelled everywhere (the session's card title, `recordings`): "fork of ID at seq N". */
export function forkLabel(parent: { id: string; at: number }): string {
  return `fork of ${parent.id} at seq ${parent.at}`;
}
