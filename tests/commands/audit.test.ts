import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openaiModelClient } from '../../src/adapters/model-client.js';
import { modelConfig } from '../../src/adapters/model-config.js';
import { writeRecording } from '../../src/adapters/recording-file.js';
import { main } from '../../src/cli.js';
import { auditCommand } from '../../src/commands/audit.js';
import { RECORDING_FORMAT } from '../../src/domain/recording.js';
import type { AgentScript, Task, UserScript } from '../../src/domain/task.js';
import { UserError } from '../../src/errors.js';
import type { CliIo } from '../../src/io.js';
import { KeyedCache } from '../../src/adapters/keyed-cache.js';
import { modelToolSimulator, SIM_CACHE_FORMAT } from '../../src/roles/model-tool-simulator.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { scriptUser } from '../../src/roles/script-user.js';
import { runSession } from '../../src/session/run-session.js';
import { useTempDirs } from '../helpers/cli.js';
import { type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

const tempDir = useTempDirs('synthagent-audit-');

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (t: string) => void (out += t) }, stderr: { write: (t: string) => void (err += t) }, env: {}, cwd: process.cwd() };
  return { io, out: () => out, err: () => err };
}

async function record(file: string, task: Task, agent: AgentScript, user: UserScript, simulate?: Parameters<typeof runSession>[0]['simulate']): Promise<void> {
  const { log, result } = await runSession({ task, agent: scriptAgent(agent, { kind: 'script' }), user: scriptUser(user, { kind: 'script' }), simulate });
  mkdirSync(join(file, '..'), { recursive: true });
  writeRecording(file, { format: RECORDING_FORMAT, id: 'r', createdAt: '2026-12-05T00:00:00Z', task, roles: { agent: { kind: 'script' }, user: { kind: 'script' } }, events: [...log.events], result, complete: true });
}

describe('synthagent audit', () => {
  it('finds nothing in the golden suite (exit 0, every count 0)', async () => {
    const c = capture();
    expect(await auditCommand(['fixtures/golden'], { json: true }, c.io)).toBe(0);
    const report = JSON.parse(c.out()) as { recordings: { findings: unknown[] }[]; counts: Record<string, number> };
    expect(report.recordings.length).toBeGreaterThanOrEqual(40);
    expect(report.recordings.flatMap((r) => r.findings)).toEqual([]);
    expect(Object.values(report.counts).every((n) => n === 0)).toBe(true);
  });

  it('reads folders recursively, reports findings per recording, counts per kind and task, and the share flagged', async () => {
    const dir = tempDir();
    const ask = [{ say: 'What is your booking reference?' }, { say: 'Which seat would you like?' }];
    await record(join(dir, 'a', 'leak.json'), exampleTask(), [...ask], [{ say: "It's BK-4411, aisle seat." }, { stop: true }]);
    await record(join(dir, 'a', 'b', 'clean.json'), exampleTask(), [...ask, { finish: 'ok' }], [{ say: "It's BK-4411." }, { say: 'Aisle.' }]);
    const c = capture();
    expect(await auditCommand([dir], { json: false }, c.io)).toBe(0);
    const text = c.out();
    expect(text).toContain(`${join(dir, 'a', 'leak.json')}  travel-rebook  (user script)  2 findings`);
    expect(text).toMatch(/⚠ seq 2 {2}user {2}unasked_reveal: reveals seat \(aisle\)/);
    expect(text).toMatch(/⚠ seq \d+ {2}user {2}stopped_while_asked: the user stopped right after the agent asked "Which seat would you like\?"/);
    expect(text).not.toContain('clean.json');
    expect(text).toContain('counts: stopped_while_asked 1, unasked_reveal 1');
    expect(text).toMatch(/travel-rebook {2}1 of 2 sessions flagged {2}stopped_while_asked 1, unasked_reveal 1/);
    expect(text).toContain('sessions with any finding: 1 of 2 (50.0%)');

    const j = capture();
    expect(await auditCommand([dir], { json: true, failOn: 'unasked_reveal' }, j.io)).toBe(1);
    const report = JSON.parse(j.out());
    expect(Object.keys(report)).toEqual(['recordings', 'counts']);
    expect(report.recordings[0]).toEqual({ file: join(dir, 'a', 'b', 'clean.json'), task: 'travel-rebook', findings: [] });
    expect(Object.keys(report.recordings[1].findings[0])).toEqual(['seq', 'side', 'kind', 'detail']);
    expect(report.counts).toMatchObject({ unasked_reveal: 1, stopped_while_asked: 1, invented_value: 0, human_flag: 0 });
    expect(await auditCommand([dir], { json: true, failOn: 'invented_value,schema_violation' }, capture().io)).toBe(0);
  });

  it('reports a bad recording in one line and exits 2 after reporting the rest', async () => {
    const dir = tempDir();
    await record(join(dir, 'ok.json'), exampleTask(), [{ say: 'What is your booking reference?' }, { finish: 'ok' }], [{ say: "It's BK-4411, paid 99 dollars." }]);
    writeFileSync(join(dir, 'broken.json'), '{"format": "synthagent.recording/1", "events": 3}');
    const c = capture();
    expect(await auditCommand([dir], { json: false, failOn: 'invented_value' }, c.io)).toBe(2);
    expect(c.err().trim().split('\n')).toEqual([expect.stringMatching(/^synthagent: .*broken\.json: /)]);
    expect(c.out()).toContain('invented_value: states "99" (a number)');
  });

  it('runs from the command line, with --help true to the flags', async () => {
    const c = capture();
    expect(await main(['audit', 'fixtures/golden', '--fail-on', 'invented_value,unasked_reveal'], c.io)).toBe(0);
    expect(c.out()).toContain('sessions with any finding: 0 of');
    const h = capture();
    expect(await main(['audit', '--help'], h.io)).toBe(0);
    expect(h.out()).toContain('--fail-on K');
  });

  it('refuses an unknown --fail-on kind and no paths', async () => {
    await expect(auditCommand(['fixtures/golden'], { json: false, failOn: 'leaks' }, capture().io)).rejects.toThrow(UserError);
    await expect(auditCommand([], { json: false }, capture().io)).rejects.toThrow(/give one or more recordings/);
  });
});

describe('inconsistent_result across recordings, with a tool model', () => {
  let server: FakeOpenAI;
  beforeEach(async () => {
    server = await startFakeOpenAI();
  });
  afterEach(async () => {
    await server.close();
  });

  it('flags a simulated tool that answered the same call on the same world two ways in two sessions of one task version', async () => {
    const dir = tempDir();
    const task = tinyTask({
      user: { facts: [{ id: 'city', description: 'city', value: 'Rome', aliases: ['city'] }] },
      rubric: [],
      tools: [{ name: 'weather', description: 'Weather in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, mock: { simulate: true } }],
    });
    const client = openaiModelClient({ ...modelConfig({ baseUrl: server.url, model: 'fake', retries: 0, timeout: 5 }, {}), apiKey: 'sk-test', cacheFile: null });
    server.script([{ text: '{"result": {"temp_c": 21}}' }, { text: '{"result": {"temp_c": 25}}' }]);
    const agent: AgentScript = [{ call: 'weather', args: { city: 'Rome' } }, { finish: 'ok' }];
    // Two caches: nothing ties the second session's answer to the first, as when two machines run a batch.
    await record(join(dir, 'one.json'), task, agent, [], modelToolSimulator(new KeyedCache(join(dir, 'c1.simcache'), SIM_CACHE_FORMAT), client, 'fake'));
    await record(join(dir, 'two.json'), task, agent, [], modelToolSimulator(new KeyedCache(join(dir, 'c2.simcache'), SIM_CACHE_FORMAT), client, 'fake'));
    const c = capture();
    expect([await auditCommand([join(dir, "one.json"), join(dir, "two.json")], { json: true, failOn: "inconsistent_result" }, c.io), c.err()]).toEqual([1, ""]);
    const report = JSON.parse(c.out());
    expect(report.recordings[0].findings).toEqual([]);
    expect(report.recordings[1].findings).toEqual([
      { seq: 2, side: 'tool', kind: 'inconsistent_result', detail: `weather({"city":"Rome"}) returned {"temp_c":25} (via simulate), but the same call on the same world returned {"temp_c":21} in ${join(dir, 'one.json')} at seq 2 (via simulate)` },
    ]);
    // One recording alone is consistent with itself.
    expect(await auditCommand([join(dir, 'two.json')], { json: true, failOn: 'inconsistent_result' }, capture().io)).toBe(0);
  });
});

describe('audit --judge-model: the optional model check', () => {
  let server: FakeOpenAI;
  beforeEach(async () => {
    server = await startFakeOpenAI();
  });
  afterEach(async () => {
    await server.close();
  });

  it('asks once per user reply, reports a yes as invented_value marked as the model\'s, and caches the answers', async () => {
    const dir = tempDir();
    const file = join(dir, 'r.json');
    await record(file, exampleTask(), [{ say: 'What is your booking reference?' }, { say: 'Which seat would you like?' }, { finish: 'ok' }], [{ say: "It's BK-4411." }, { say: 'Aisle, like my sister Maria.' }]);
    server.script([{ text: '{"invented": false, "what": ""}' }, { text: 'Sure: {"invented": true, "what": "a sister named Maria"}' }]);
    const c = capture();
    const io = { ...c.io, cwd: dir, env: { OPENAI_API_KEY: 'sk-audit-secret' } };
    const flags = { json: true, judgeModel: 'fake-judge', baseUrl: server.url, retries: 0, timeout: 5 };
    expect(await auditCommand([file], flags, io)).toBe(0);
    expect(JSON.parse(c.out()).recordings[0].findings).toEqual([
      { seq: expect.any(Number), side: 'user', kind: 'invented_value', detail: 'model fake-judge says the reply states what the user was not given: a sister named Maria' },
    ]);
    expect(server.requests).toHaveLength(2);
    const asked = JSON.stringify(server.requests[1]!.body);
    expect(asked).toContain('Aisle, like my sister Maria.');
    expect(asked).toContain('booking reference: BK-4411');
    expect(server.requests[0]!.body.model).toBe('fake-judge');
    // The second audit is answered from the cache: no request, same report.
    const again = capture();
    expect(await auditCommand([file], { ...flags, failOn: 'invented_value' }, { ...again.io, cwd: dir, env: io.env })).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(JSON.parse(again.out()).counts.invented_value).toBe(1);
  });

  it('is off by default, and a model that cannot answer skips the check for that recording (one line, exit 1, no key in it)', async () => {
    const dir = tempDir();
    const file = join(dir, 'r.json');
    await record(file, exampleTask(), [{ say: 'What is your booking reference?' }, { finish: 'ok' }], [{ say: "It's BK-4411." }]);
    expect(await auditCommand([file], { json: true }, { ...capture().io, cwd: dir })).toBe(0);
    expect(server.requests).toHaveLength(0);
    server.script([{ status: 500 }]);
    const c = capture();
    expect(await auditCommand([file], { json: true, judgeModel: 'fake-judge', baseUrl: server.url, retries: 0, timeout: 5 }, { ...c.io, cwd: dir, env: { OPENAI_API_KEY: 'sk-audit-secret' } })).toBe(1);
    expect(c.err()).toMatch(/^synthagent: .*r\.json: the model check was skipped: /);
    expect(c.err()).not.toContain('sk-audit-secret');
    expect(JSON.parse(c.out()).recordings[0].findings).toEqual([]);
  });
});
