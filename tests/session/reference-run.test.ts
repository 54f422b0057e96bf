import { describe, expect, it } from 'vitest';
import { runReference } from '../../src/session/reference-run.js';
import { exampleTask } from '../helpers/tasks.js';

describe('runReference', () => {
  it('passes the example task and explains a reference that talks the user away', async () => {
    expect(await runReference(exampleTask())).toEqual({ ok: true, score: 1 });
    const task = exampleTask();
    const run = await runReference({ ...task, reference: [{ say: 'Let me look into that.' }, ...(task.reference ?? [])] });
    expect(run.ok).toBe(false);
    if (run.ok) return;
    expect(run.score).toBe(0);
    expect(run.problems).toContain('interaction item "asks-booking" (Asks for the booking reference) is not satisfied by the reference');
    expect(run.problems.at(-1)).toMatch(/simulated user left early/);
    expect(run.transcript).toContain('AGENT: Let me look into that.');
  });
});
