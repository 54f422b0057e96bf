import { describe, expect, it } from 'vitest';
import { simReply } from '../../src/domain/sim-user.js';
import { simUser } from '../../src/roles/sim-user.js';
import { exampleTask } from '../helpers/tasks.js';

const ctx = { signal: new AbortController().signal, note: () => {} };

describe('simUser', () => {
  const task = exampleTask();
  it.each<[string, string[]]>([
    ['What is your booking reference?', []],
    ['Which seat would you like?', []],
    ['What is your booking reference?', ['booking_id']],
    ['All done, goodbye.', []],
  ])('answers %j (revealed %j) as the rule simulator does', async (agentText, revealed) => {
    const turn = { task, agentText, revealed: new Set(revealed) } as never;
    expect(await simUser().act(turn, ctx)).toEqual(simReply(task, agentText, new Set(revealed)));
  });

  it('says it is the sim', () => expect(simUser().info).toEqual({ kind: 'sim' }));
});
