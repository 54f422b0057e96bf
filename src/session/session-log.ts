import type { Event, NewEvent } from '../domain/events.js';
import { pendingHits } from '../domain/score.js';
import { applyEvent, initialState, type SessionState } from '../domain/session-state.js';
import type { Task } from '../domain/task.js';

export type Listener = (event: Event, state: SessionState) => void;

/**
 * The append-only event log of one session and the state reduced from it. Appending an event
 * also appends the `rubric_hit` events it earned, right after it.
 */
export class SessionLog {
  private readonly list: Event[] = [];
  private current: SessionState;
  private readonly listeners = new Set<Listener>();

  constructor(readonly task: Task) {
    this.current = initialState(task);
  }

  get events(): readonly Event[] {
    return this.list;
  }

  get state(): SessionState {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Appends an event (and the hits it earns); returns the stored event with its seq. */
  append(event: NewEvent): Event {
    const stored = this.push(event);
    this.appendHits(stored.seq);
    return stored;
  }

  /** Appends hits for every item satisfied but not yet recorded (after settling world checks). */
  appendHits(at?: number): void {
    for (const item of pendingHits(this.current)) {
      this.push(at === undefined ? { type: 'rubric_hit', item: item.id, kind: item.kind } : { type: 'rubric_hit', item: item.id, kind: item.kind, at });
    }
  }

  /** Replaces the state without an event: only for settling world checks at the end. */
  settle(update: (state: SessionState) => SessionState): void {
    this.current = update(this.current);
  }

  /** Loads recorded events as they are (a fork's prefix); hits they earned but do not hold follow them. */
  restore(events: readonly Event[]): void {
    for (const e of events) this.push(e);
    this.appendHits(events.at(-1)?.seq);
  }

  private push(event: NewEvent | Event): Event {
    const stored = { ...event, seq: this.current.nextSeq } as Event;
    this.list.push(stored);
    this.current = applyEvent(this.current, stored);
    for (const l of this.listeners) l(stored, this.current);
    return stored;
  }
}
