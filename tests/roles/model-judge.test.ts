import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyedCache } from '../../src/adapters/keyed-cache.js';
import { RECORDING_FORMAT, type Recording } from '../../src/domain/recording.js';
import { JUDGE_CACHE_FORMAT, modelJudge } from '../../src/roles/model-judge.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { replayRecording } from '../../src/session/replay.js';
import { runSession } from '../../src/session/run-session.js';
import { useFakeModel } from '../helpers/paper.js';
import { simulatedTask } from '../helpers/tasks.js';

const fake = useFakeModel();
const client = fake.client;

describe('model judge', () => {
  it('a judge decides judge items with a checked JSON verdict, and replay repeats it with no network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-judge-'));
    fake.server().script([{ text: 'maybe' }, { text: '{"verdict": true, "reason": "It says please."}' }]);
    const task = simulatedTask();
    const agent = scriptAgent([{ finish: 'Thank you, have a nice day.' }], { kind: 'script' });
    const { log, result } = await runSession({ task, agent, user: simUser(), judge: modelJudge(client(), 'fake', new KeyedCache(join(dir, 'judge.json'), JUDGE_CACHE_FORMAT)) });
    expect(result).toMatchObject({ score: 1, unjudged: [] });
    expect(result.hits.map((h) => h.item)).toEqual(['kind']);
    const rec: Recording = { format: RECORDING_FORMAT, id: 'j', createdAt: 'x', task, roles: { agent: { kind: 'script' }, user: { kind: 'sim' } }, events: [...log.events], result, complete: true };
    await fake.server().close();
    const replay = await replayRecording(rec, task);
    expect(replay.divergence).toBeNull();
    expect(replay.result.score).toBe(1);
  });

  it('without a judge, judge items are unjudged and left out of the score', async () => {
    const { result } = await runSession({ task: simulatedTask(), agent: scriptAgent([{ finish: 'bye' }], { kind: 'script' }), user: simUser() });
    expect(result).toMatchObject({ score: 1, unjudged: ['kind'] });
  });
});
