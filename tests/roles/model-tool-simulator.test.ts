import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyedCache } from '../../src/adapters/keyed-cache.js';
import { modelToolSimulator, SIM_CACHE_FORMAT } from '../../src/roles/model-tool-simulator.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { useFakeModel } from '../helpers/paper.js';
import { simulatedTask } from '../helpers/tasks.js';

const fake = useFakeModel();
const client = fake.client;

describe('model tool simulator', () => {
  it('a simulated tool is answered by the model, checked against outputs, cached, and falls through without either', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-sim-'));
    const cache = join(dir, 'tiny.simcache');
    fake.server().script([{ text: '{"result": {"temp_c": "warm"}}' }, { text: 'Sure: {"result": {"temp_c": 21}}' }]);
    const task = simulatedTask();
    const agent = () => scriptAgent([{ call: 'weather', args: { city: 'Oslo' } }, { finish: 'ok' }], { kind: 'script' });
    const first = await runSession({ task, agent: agent(), user: simUser(), simulate: modelToolSimulator(new KeyedCache(cache, SIM_CACHE_FORMAT), client(), 'fake') });
    expect(first.log.events.find((e) => e.type === 'tool_result')).toMatchObject({ ok: true, result: { temp_c: 21 }, via: 'simulate' });
    expect(fake.server().requests).toHaveLength(2); // the first answer broke `outputs` and was asked again
    const again = await runSession({ task, agent: agent(), user: simUser(), simulate: modelToolSimulator(new KeyedCache(cache, SIM_CACHE_FORMAT), null, null) });
    expect(again.log.events.find((e) => e.type === 'tool_result')).toMatchObject({ result: { temp_c: 21 }, via: 'simulate' });
    const none = await runSession({ task, agent: agent(), user: simUser(), simulate: modelToolSimulator(new KeyedCache(join(dir, 'other.simcache'), SIM_CACHE_FORMAT), null, null) });
    expect(none.log.events.find((e) => e.type === 'tool_result')).toMatchObject({ ok: false, via: 'default' });
  });
});
