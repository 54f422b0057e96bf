import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forkPoint } from '../../src/adapters/fork.js';
import { writeRecording } from '../../src/adapters/recording-file.js';
import { RECORDING_FORMAT } from '../../src/domain/recording.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { scriptUser } from '../../src/roles/script-user.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { exampleTask } from '../helpers/tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'synthagent-fork-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The reference run of travel-rebook, saved as a recording. */
async function referenceRecording(): Promise<string> {
  const task = exampleTask();
  const { log, result } = await runSession({ task, agent: scriptAgent(task.reference ?? [], { kind: 'reference' }), user: simUser() });
  const file = join(dir, 'reference.json');
  writeRecording(file, { format: RECORDING_FORMAT, id: 'ref', createdAt: '2026-11-27T00:00:00.000Z', task, roles: { agent: { kind: 'reference' }, user: { kind: 'sim' } }, events: [...log.events], result, complete: true });
  return file;
}

describe('forkPoint', () => {
  it('leaves out how the parent ended: its end event and the world hits settled on its final world', async () => {
    const file = await referenceRecording();
    const fork = forkPoint(file, undefined);
    expect(fork.prefix.some((e) => e.type === 'end')).toBe(false);
    // `rebooked` is a world item: earned only on the final world, so not carried into the fork.
    expect(fork.prefix.some((e) => e.type === 'rubric_hit' && e.item === 'rebooked')).toBe(false);
  });

  it('by default forks from before the closing message of an agent that finished, so the agent acts again', async () => {
    const file = await referenceRecording();
    const fork = forkPoint(file, undefined);
    const closing = fork.rec.events.findLast((e) => e.type === 'agent_message')!;
    expect(fork.prefix.every((e) => e.seq < closing.seq)).toBe(true);
    expect(fork.prefix.at(-1)?.seq).toBe(closing.seq - 1);
    // An explicit --at is taken as given.
    expect(forkPoint(file, String(closing.seq)).prefix.at(-1)).toMatchObject({ type: 'agent_message', text: closing.type === 'agent_message' ? closing.text : '' });
  });

  it('a fork that ends on another world loses the world item its parent earned', async () => {
    const file = await referenceRecording();
    const task = exampleTask();
    // From the parent's closing message (its last live event): the user changes their mind, the agent rebooks UA16.
    const closing = forkPoint(file, undefined).rec.events.findLast((e) => e.type === 'agent_message')!;
    const fork = forkPoint(file, String(closing.seq));
    const agent = scriptAgent([{ call: 'rebook', args: { booking_id: 'BK-4411', flight_id: 'UA16', seat: 'window' } }, { finish: 'Moved you to UA16.' }], { kind: 'script' });
    const user = scriptUser([{ say: 'Actually, put me on UA16 by the window.' }], { kind: 'script' });
    const { result } = await runSession({ task, agent, user, prefix: fork.prefix });
    expect(result.hits.map((h) => h.item)).not.toContain('rebooked');
    expect(result.score).toBeLessThan(1);
  });
});
