import type { Event } from './events.js';
import type { Annotation } from './recording.js';

/**
 * Annotations carried from one log to its rewrite (rescore re-earns rubric hits, replay re-drives the
 * session), so each still points at the same event: the k-th event that is not a rubric hit maps to the
 * k-th one of the new log when they are of the same type; a hit maps to the new hit of the same item.
 * An annotation whose event has no counterpart keeps its seq.
 */
export function carryAnnotations(annotations: readonly Annotation[] | undefined, before: readonly Event[], after: readonly Event[]): Annotation[] | undefined {
  if (!annotations) return undefined;
  const steps = (events: readonly Event[]): Event[] => events.filter((e) => e.type !== 'rubric_hit');
  const old = steps(before);
  const now = steps(after);
  return annotations.map((a) => {
    const event = before.find((e) => e.seq === a.seq);
    if (!event) return a;
    if (event.type === 'rubric_hit') {
      const hit = after.find((e) => e.type === 'rubric_hit' && e.item === event.item);
      return hit ? { ...a, seq: hit.seq } : a;
    }
    const counterpart = now[old.indexOf(event)];
    return counterpart && counterpart.type === event.type ? { ...a, seq: counterpart.seq } : a;
  });
}
