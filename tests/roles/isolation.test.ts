import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openaiModelClient } from '../../src/adapters/model-client.js';
import { modelConfig } from '../../src/adapters/model-config.js';
import { loadAgentScript } from '../../src/adapters/script-files.js';
import { loadBundledTasks } from '../../src/adapters/task-files.js';
import type { AgentView } from '../../src/domain/agent-view.js';
import type { Event } from '../../src/domain/events.js';
import { initialState } from '../../src/domain/session-state.js';
import { type AgentScript, Task } from '../../src/domain/task.js';
import { modelAgent } from '../../src/roles/model-agent.js';
import { userMessages } from '../../src/roles/model-user.js';
import type { AgentRole } from '../../src/roles/role.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import type { SessionLog } from '../../src/session/session-log.js';
import { TaskCard } from '../../src/ui/components/TaskCard.js';
import { SessionScreen } from '../../src/ui/screens/SessionScreen.js';
import { SessionController } from '../../src/ui/session-controller.js';
import { type FakeOpenAI, type Reply, startFakeOpenAI } from '../helpers/fake-openai.js';
import { cli } from '../helpers/cli.js';
import { frameWith } from '../helpers/ink.js';

// The agent side never receives hidden information (SPEC §3): not fullInstruction, not a fact before it
// is revealed, not the world, not the rubric, not the user's background. Checked over every bundled task
// and every kind of agent: model (what reaches the server), reference and script (the AgentView they
// are handed), human (what the screen shows). And API keys never reach disk.

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Each bundled task, with a user background added (no bundled task has one) so that its absence means something. */
const TASKS: Task[] = loadBundledTasks().map(({ task }) =>
  Task.parse({ ...task, user: { ...task.user, background: `Private background for ${task.id}: the spare key is under the blue flowerpot (BG-7Q3).` } }),
);

const count = (haystack: string, needle: string): number => (needle === '' ? 0 : haystack.split(needle).length - 1);

/** What the agent may legitimately have seen by the time `events` happened: the public card and the visible conversation. */
function publicText(task: Task, events: readonly Event[]): string {
  const visible = events.flatMap((e) => {
    switch (e.type) {
      case 'user_message':
      case 'agent_message':
        return [e.text];
      case 'tool_call':
        return [{ tool: e.tool, args: e.args }];
      case 'tool_result':
        return [e.ok ? (e.result ?? null) : { error: e.error }];
      default:
        return [];
    }
  });
  const tools = task.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));
  return JSON.stringify([task.system ?? null, tools, visible]).toLowerCase();
}

/**
 * Hidden information in `sent` (what the agent was given) once `events` had happened. A fact's value
 * counts as leaked when it appears more often than in what the agent could have seen (the card, the
 * conversation, tool results) while the fact was still unrevealed.
 */
function hiddenIn(task: Task, sent: string, events: readonly Event[]): string[] {
  const found: string[] = [];
  const lower = sent.toLowerCase();
  const legit = publicText(task, events);
  const revealed = new Set(events.flatMap((e) => (e.type === 'user_message' ? e.reveals : [])));
  for (const f of task.user.facts) {
    if (revealed.has(f.id)) continue;
    const v = String(f.value).toLowerCase();
    if (count(lower, v) > count(legit, v)) found.push(`fact ${f.id} (${String(f.value)}) before its reveal`);
  }
  if (sent.includes(task.fullInstruction)) found.push('fullInstruction');
  if (task.user.background && sent.includes(task.user.background)) found.push('user.background');
  if (task.user.persona && sent.includes(task.user.persona)) found.push('user.persona');
  for (const key of ['rubric', 'world', 'mock', 'fullInstruction', 'facts', 'background', 'persona', 'check', 'reference']) {
    if (new RegExp(`"${key}"\\s*:`).test(sent)) found.push(`"${key}" key`);
  }
  for (const item of task.rubric) {
    if (sent.includes(`"${item.id}":`)) found.push(`rubric id ${item.id} as a key`);
    if (count(lower, item.description.toLowerCase()) > count(legit, item.description.toLowerCase())) found.push(`rubric ${item.id} description`);
  }
  if (task.world && Object.keys(task.world).length > 0 && sent.includes(JSON.stringify(task.world))) found.push('the world');
  return found;
}

/** The play every probe agent makes: ask each fact by its first alias, call every tool with {}, then a statement. */
function probeScript(task: Task): AgentScript {
  return [
    ...task.user.facts.map((f) => ({ say: `Could you tell me your ${f.aliases[0]}?` })),
    ...task.tools.map((t) => ({ call: t.name, args: {} })),
    { say: 'Thank you, that is everything for today.' },
  ];
}

/** The probe play ran as intended, so the checks above ran over something. */
function expectProbePlayed(task: Task, log: SessionLog, end: string): void {
  expect(end).toBe('user_stopped');
  expect([...log.state.revealed].sort()).toEqual(task.user.facts.map((f) => f.id).sort());
  expect(log.events.filter((e) => e.type === 'tool_call').map((e) => e.type === 'tool_call' && e.tool)).toEqual(task.tools.map((t) => t.name));
}

describe('the leak check', () => {
  it('finds hidden information when it is there (the user model prompt holds all of it)', () => {
    const task = TASKS.find((t) => t.id === 'travel-rebook')!;
    const events: Event[] = [{ seq: 0, type: 'user_message', text: task.instruction, reveals: [] }];
    const userSide = JSON.stringify(userMessages({ task, events, agentText: '', revealed: new Set() }));
    expect(hiddenIn(task, userSide, events)).toEqual(expect.arrayContaining(['fact booking_id (BK-4411) before its reveal', 'fullInstruction', 'user.background', 'user.persona']));
    expect(hiddenIn(task, JSON.stringify({ rubric: task.rubric }), events)).toEqual(expect.arrayContaining(['"rubric" key', 'rubric no-cancel description']));
    expect(hiddenIn(task, JSON.stringify({ world: task.world }), events)).toEqual(expect.arrayContaining(['"world" key', 'the world']));
    // A value the card already shows is not a leak ("aisle" is in rebook's seat enum), one more is.
    expect(hiddenIn(task, publicText(task, events), events)).toEqual([]);
    expect(hiddenIn(task, `${publicText(task, events)} aisle`, events)).toEqual(['fact seat (aisle) before its reveal']);
  });
});

// ---------------------------------------------------------------- model agent: what reaches the server

describe('model agent: no request body holds hidden information', () => {
  let server: FakeOpenAI;
  beforeAll(async () => {
    server = await startFakeOpenAI();
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(TASKS.map((t) => [t.id, t] as const))('%s', async (_id, task) => {
    const plan: Reply[] = probeScript(task).map((step) =>
      'say' in step ? { text: step.say } : 'call' in step ? { toolCalls: [{ name: step.call, arguments: step.args ?? {} }] } : { text: 'bye' },
    );
    let log: SessionLog | null = null;
    const seen: { body: unknown; events: Event[] }[] = [];
    server.script((req, i) => {
      seen.push({ body: req.body, events: [...(log?.events ?? [])] });
      return plan[i] ?? { text: 'Thank you, that is everything for today.' };
    });
    const client = openaiModelClient({ ...modelConfig({ baseUrl: server.url, model: 'fake', retries: 0, timeout: 10 }, {}), apiKey: 'sk-isolation', cacheFile: null });
    const { result } = await runSession({ task, agent: modelAgent(client, 'fake'), user: simUser(), onStart: (l) => (log = l) });

    expect(seen).toHaveLength(plan.length);
    expectProbePlayed(task, log!, result.end);
    for (const [i, { body, events }] of seen.entries()) {
      expect(hiddenIn(task, JSON.stringify(body), events), `request ${i} of ${task.id}`).toEqual([]);
    }
    // The first request went out before anything was revealed, and carried the card.
    expect(seen[0]!.events.map((e) => e.type)).toEqual(['user_message']);
    expect(JSON.stringify(seen[0]!.body)).toContain(task.instruction);
  });
});

// ---------------------------------------------------------------- reference and script agents: the AgentView

/** Wraps an agent to keep what it was handed at each move (the view is live, so it is copied then). */
function spy(inner: AgentRole, getLog: () => SessionLog | null, into: { view: AgentView; json: string; events: Event[] }[]): AgentRole {
  return {
    info: inner.info,
    act: (view, ctx) => {
      into.push({ view: structuredClone(view) as AgentView, json: JSON.stringify(view), events: [...(getLog()?.events ?? [])] });
      return inner.act(view, ctx);
    },
  };
}

function scriptsOf(task: Task): [string, AgentScript][] {
  const dir = join(FIXTURES, 'scripts', task.id);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  return [
    ...(task.reference ? [['reference', task.reference] as [string, AgentScript]] : []),
    ['probe', probeScript(task)],
    ...files.map((f): [string, AgentScript] => [`script ${f}`, loadAgentScript(join(dir, f))]),
  ];
}

describe('reference and script agents: no AgentView holds hidden information', () => {
  it.each(TASKS.flatMap((task) => scriptsOf(task).map(([name, steps]) => [task.id, name, task, steps] as const)))('%s, %s', async (_id, name, task, steps) => {
    const moves: { view: AgentView; json: string; events: Event[] }[] = [];
    let log: SessionLog | null = null;
    const inner = scriptAgent(steps, name === 'reference' ? { kind: 'reference' } : { kind: 'script' });
    const { result } = await runSession({ task, agent: spy(inner, () => log, moves), user: simUser(), onStart: (l) => (log = l) });

    expect(moves.length).toBeGreaterThan(0);
    if (name === 'probe') expectProbePlayed(task, log!, result.end);
    for (const [i, { view, json, events }] of moves.entries()) {
      expect(hiddenIn(task, json, events), `move ${i}`).toEqual([]);
      // Only the public card and the conversation, field by field.
      expect(Object.keys(view).sort()).toEqual(['items', 'system', 'tools']);
      for (const t of view.tools) expect(Object.keys(t).sort()).toEqual(['description', 'name', 'parameters']);
      for (const item of view.items) expect(['user', 'agent', 'tool_call', 'tool_result']).toContain(item.kind);
    }
  });
});

// ---------------------------------------------------------------- human agent: what the screen shows

const frameText = (frame: string | undefined): string =>
  stripVTControlCharacters(frame ?? '')
    .replace(/[│╭╮╰╯─]/g, ' ')
    .replace(/\s+/g, ' ');
const squash = (text: string): string => text.replace(/\s+/g, ' ');

/** What a person playing the agent may see: the card (title, policy, tool names) and the instruction. */
function humanPublic(task: Task): string {
  return [task.title, task.domain, task.difficulty ?? '', task.system ?? '', task.tools.map((t) => t.name).join(', '), task.instruction].join(' ').toLowerCase();
}

function hiddenOnScreen(task: Task, screen: string): string[] {
  const found: string[] = [];
  const lower = screen.toLowerCase();
  const legit = humanPublic(task);
  for (const f of task.user.facts) {
    const v = String(f.value).toLowerCase();
    if (count(lower, v) > count(legit, v)) found.push(`fact ${f.id} (${String(f.value)})`);
  }
  if (screen.includes(squash(task.fullInstruction))) found.push('fullInstruction');
  if (task.user.background && screen.includes(squash(task.user.background))) found.push('user.background');
  if (task.world && Object.keys(task.world).length > 0 && screen.includes(JSON.stringify(task.world).slice(0, 40))) found.push('the world');
  return found;
}

describe('human agent: the task card shows no hidden information', () => {
  const mounted: (() => void)[] = [];
  afterEach(() => {
    for (const unmount of mounted.splice(0)) unmount();
  });
  const card = (task: Task, player: 'agent' | 'user', spoiler: boolean): string => {
    // Wide and tall enough that nothing is cut: a value is absent because it is hidden, not truncated.
    const r = render(createElement(TaskCard, { task, state: initialState(task), player, spoiler, width: 400, textLines: 40 }));
    mounted.push(r.unmount);
    return frameText(r.lastFrame());
  };

  it.each(TASKS.map((t) => [t.id, t] as const))('%s', (_id, task) => {
    const agentCard = card(task, 'agent', false);
    expect(agentCard).toContain(task.title);
    for (const t of task.tools) expect(agentCard).toContain(t.name);
    expect(hiddenOnScreen(task, agentCard)).toEqual([]);
    // The same check sees them all when they are shown (the spoiler), so it can fail.
    const spoiled = card(task, 'agent', true);
    expect(hiddenOnScreen(task, spoiled)).toEqual(expect.arrayContaining(['fullInstruction', 'user.background', ...task.user.facts.filter((f) => count(humanPublic(task), String(f.value).toLowerCase()) === 0).map((f) => `fact ${f.id} (${String(f.value)})`)]));
  });
});

describe('human agent: the live session screen shows no hidden information before it is revealed', () => {
  // Regression (fixed): SessionScreen always renders the RubricPanel for the agent player, and rubric descriptions spell out
  // fact values ("Booking ends on UA14 with an aisle sea…", "Disputes the StreamPlus charge" …), so a person
  // playing the agent reads unrevealed facts (and the rubric) before asking — SPEC §3: the agent never sees
  // facts not yet revealed, or the rubric. Repro: `synthagent play --task travel-rebook` (agent human): the
  // rubric panel shows "aisle" before the seat was asked for. Expected: no rubric descriptions for the agent
  // player unless the spoiler (Ctrl+O) is on. Failing today for 7 of the 11 bundled tasks.
  it('every bundled task, right after the instruction', async () => {
    const leaks: Record<string, string[]> = {};
    for (const task of TASKS) {
      const controller = new SessionController({ loaded: { task }, agent: { kind: 'human' }, user: { kind: 'given', role: simUser() } });
      const r = render(createElement(SessionScreen, { controller, player: 'agent', others: { agent: 'human', user: 'sim' }, onEnd: () => undefined }));
      try {
        await frameWith(r.lastFrame, 'agent ❯');
        const screen = frameText(r.lastFrame());
        expect(screen).toContain(squash(task.instruction).slice(0, 30));
        const found = hiddenOnScreen(task, screen);
        if (found.length > 0) leaks[task.id] = found;
      } finally {
        controller.abort();
        r.unmount();
      }
    }
    expect(leaks).toEqual({});
  });
});

// ---------------------------------------------------------------- API keys never reach disk

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('the API key never reaches disk', () => {
  let server: FakeOpenAI;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startFakeOpenAI();
  });
  afterAll(async () => {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('recordings, the index and the model cache hold no trace of OPENAI_API_KEY, even when the server echoes it', async () => {
    const secret = `sk-synthagent-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}-SECRET`;
    const cwd = mkdtempSync(join(tmpdir(), 'synthagent-key-'));
    dirs.push(cwd);
    const env = { OPENAI_API_KEY: secret };
    const args = ['run', '--task', 'travel-rebook', '--agent', 'model', '--model', 'fake', '--base-url', server.url, '--timeout', '5', '--retries', '0', '--cache', '--json'];

    // 1. A whole session, answered by the server and cached.
    server.script([
      { text: 'Sorry to hear that. What is your booking reference?' },
      { toolCalls: [{ name: 'get_booking', arguments: { booking_id: 'BK-4411' } }] },
      { text: 'Which seat would you like?' },
      { toolCalls: [{ name: 'rebook', arguments: { booking_id: 'BK-4411', flight_id: 'UA14', seat: 'aisle' } }] },
      { text: 'Done: you are on UA14.' },
    ]);
    const first = await cli(args, cwd, env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ end: 'user_stopped' });
    // The key was really in play: the server got it.
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${secret}`);

    // 2. The same session again, from the cache (a server that would fail is never asked).
    server.script(() => ({ status: 500 }));
    const cached = await cli(args, cwd, env);
    expect(cached.code, cached.stderr).toBe(0);
    expect(JSON.parse(cached.stdout)).toMatchObject({ end: 'user_stopped' });

    // 3. A server whose error message echoes the key, as real ones do for a bad key.
    server.script((req) => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${req.headers.authorization ?? ''}`, type: 'invalid_request_error' } } }));
    const echoed = await cli([...args.filter((a) => a !== '--cache')], cwd, env);
    expect(echoed.code, echoed.stderr).toBe(0);
    expect(JSON.parse(echoed.stdout)).toMatchObject({ end: 'error' });

    const files = filesUnder(cwd);
    expect(files.some((f) => f.endsWith(join('.synthagent', 'model-cache.json')))).toBe(true);
    expect(files.filter((f) => f.includes(`${join('recordings', '')}`) && f.endsWith('.json') && !f.endsWith('index.json'))).toHaveLength(3);
    const withKey = files.filter((f) => readFileSync(f).includes(secret));
    expect(withKey).toEqual([]);
    // The echoed error did reach the recording, scrubbed.
    const recs = files.filter((f) => f.includes(join('recordings', '')) && f.endsWith('.json') && !f.endsWith('index.json')).map((f) => readFileSync(f, 'utf8'));
    // (Merged from tests/roles/model-roles.test.ts) the recording names the model role that played.
    for (const t of recs) expect((JSON.parse(t) as { roles: { agent: unknown } }).roles.agent).toEqual({ kind: 'model', model: 'fake' });
    expect(recs.some((t) => t.includes('Incorrect API key provided') && t.includes('[redacted]'))).toBe(true);
    for (const out of [first, cached, echoed]) expect(out.stdout + out.stderr).not.toContain(secret);
  }, 60_000);
});
