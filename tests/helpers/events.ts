import type { Event, NewEvent } from '../../src/domain/events.js';
import { applyEvent, initialState, type SessionState } from '../../src/domain/session-state.js';
import type { Task } from '../../src/domain/task.js';

/** Gives events their seq in order. */
export function sequence(events: NewEvent[]): Event[] {
  return events.map((e, seq) => ({ ...e, seq }) as Event);
}

export function reduce(task: Task, events: NewEvent[]): SessionState {
  return sequence(events).reduce(applyEvent, initialState(task));
}

export const user = (text: string, reveals: string[] = []): NewEvent => ({ type: 'user_message', text, reveals });
export const agent = (text: string, asks: string[] = []): NewEvent => ({ type: 'agent_message', text, question: text.includes('?'), asks });
export const call = (callId: string, tool: string, args: unknown): NewEvent => ({ type: 'tool_call', callId, tool, args });
export const ok = (callId: string, result: unknown = null): NewEvent => ({ type: 'tool_result', callId, ok: true, result, via: 'query' });
export const fail = (callId: string, error = 'no'): NewEvent => ({ type: 'tool_result', callId, ok: false, error, via: 'default' });
