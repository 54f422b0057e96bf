import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionResult } from '../../src/domain/recording.js';
import { UserError } from '../../src/errors.js';
import { type StepOutcome, SessionOverError } from '../../src/roles/outside-agent.js';
import type { AgentAction } from '../../src/roles/role.js';
import { agentBrief, checkServable, FINISH_TOOL, type McpBinding, mcpServer, SAY_TOOL } from '../../src/serve/mcp-session.js';
import { userErrorMessage } from '../helpers/errors.js';
import { exampleTask, tinyTask } from '../helpers/tasks.js';

const result: SessionResult = {
  score: 1,
  passed: true,
  end: 'agent_finished',
  hits: [],
  unjudged: [],
  sections: { policy: { met: 0, total: 0 }, subgoal: { met: 1, total: 1 }, interaction: { met: 0, total: 0 } },
  rewards: { paper: 1, released: 1 },
};

/** A binding that records what it is asked and answers each move with `reply(action)`. */
function binding(reply: (action: AgentAction) => StepOutcome | Promise<StepOutcome>, opts: { refuse?: boolean } = {}) {
  const opened: string[] = [];
  const moves: AgentAction[] = [];
  let closed = 0;
  const b: McpBinding = {
    task: exampleTask(),
    open(client) {
      if (opts.refuse) throw new UserError('the connection has closed');
      opened.push(client);
      return { step: async (action) => (moves.push(action), reply(action)), file: null };
    },
    closed: async () => void closed++,
  };
  return { b, opened, moves, closed: () => closed };
}

const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

async function connect(b: McpBinding): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mcpServer(b, '9.9.9').connect(serverSide);
  const client = new Client({ name: 'test-agent', version: '1.2.3' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}
const textOf = (r: Awaited<ReturnType<Client['callTool']>>): string => (r.content as { text: string }[]).map((c) => c.text).join('');

describe('checkServable and agentBrief', () => {
  it.each([SAY_TOOL, FINISH_TOOL])('a task with a tool named %s cannot be served', (name) => {
    const task = tinyTask({ tools: [{ name, description: '', parameters: { type: 'object' }, mock: {} }] });
    expect(userErrorMessage(() => checkServable(task, 't.json'))).toBe(`t.json: tools: a tool named "${name}" clashes with the tool serve adds for the agent; rename it to serve this task`);
  });

  it('any other task can', () => expect(() => checkServable(exampleTask(), 't.json')).not.toThrow());

  it('the brief has the title, the policy when there is one, the opening message and how to talk and end', () => {
    const task = exampleTask();
    const brief = agentBrief(task);
    expect(brief).toContain(`"${task.title}"`);
    expect(brief).toContain(task.instruction);
    expect(brief).toContain(SAY_TOOL);
    expect(brief).toContain(FINISH_TOOL);
    expect(brief.includes('Policy:')).toBe(task.system !== undefined);
    expect(agentBrief({ ...task, system: undefined })).not.toContain('Policy:');
    expect(brief).not.toContain(task.fullInstruction);
  });
});

describe('mcpServer', () => {
  it('lists the task\'s tools with their schemas as written, then say and finish; gives the brief as instructions and the task prompt', async () => {
    const { b, opened } = binding(() => ({ items: [], done: false, result: null }));
    const client = await connect(b);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([...exampleTask().tools.map((t) => t.name), SAY_TOOL, FINISH_TOOL]);
    expect(tools[0]!.inputSchema).toEqual(exampleTask().tools[0]!.parameters);
    expect(client.getInstructions()).toBe(agentBrief(exampleTask()));
    const prompt = await client.getPrompt({ name: 'task' });
    expect(prompt.messages[0]!.content).toEqual({ type: 'text', text: agentBrief(exampleTask()) });
    await expect(client.getPrompt({ name: 'other' })).rejects.toThrow(/no prompt "other"/);
    expect(opened).toEqual([]); // only looking opens no session
  });

  it('a move opens the session once, named by the client; say answers the reply, a call its result', async () => {
    const { b, opened, moves } = binding((a) =>
      a.type === 'say' ? { items: [{ type: 'user_message', text: 'It is BK-4411.' }], done: false, result: null } : { items: [{ type: 'tool_result', callId: 'c', tool: 'get_booking', ok: true, result: { seat: '3A' } }], done: false, result: null },
    );
    const client = await connect(b);
    expect(textOf(await client.callTool({ name: SAY_TOOL, arguments: { text: 'Booking?' } }))).toBe('It is BK-4411.');
    const res = await client.callTool({ name: 'get_booking', arguments: { booking_id: 'BK-4411' } });
    expect([textOf(res), res.isError]).toEqual(['{"seat":"3A"}', undefined]);
    expect(opened).toEqual(['test-agent 1.2.3']);
    expect(moves).toEqual([{ type: 'say', text: 'Booking?' }, { type: 'call', tool: 'get_booking', args: { booking_id: 'BK-4411' } }]);
  });

  it.each<[string, StepOutcome, string, boolean | undefined]>([
    ['a failed call', { items: [{ type: 'tool_result', callId: 'c', tool: 't', ok: false, error: 'no such booking' }], done: false, result: null }, 'no such booking', true],
    ['a call that ended the session', { items: [{ type: 'tool_result', callId: 'c', tool: 't', ok: true, result: 1 }], done: true, result: { ...result, end: 'max_tool_calls' } }, '1\n\nThe session has ended (max_tool_calls): {"end":"max_tool_calls","score":1,"passed":true,"rewards":{"paper":1,"released":1}}', undefined],
    ['a call that was not run', { items: [], done: false, result: null }, 'the call was not run', true],
  ])('%s', async (_name, out, text, isError) => {
    const client = await connect(binding(() => out).b);
    const res = await client.callTool({ name: 'get_booking', arguments: {} });
    expect([textOf(res), res.isError]).toEqual([text, isError]);
  });

  it('say after which the user left, and finish: the result', async () => {
    const client = await connect(binding((a) => (a.type === 'finish' ? { items: [], done: true, result } : { items: [], done: true, result: { ...result, end: 'user_stopped' } })).b);
    expect(textOf(await client.callTool({ name: SAY_TOOL, arguments: { text: 'bye?' } }))).toMatch(/^The user ended the conversation\. The session has ended \(user_stopped\)/);
    expect(JSON.parse(textOf(await client.callTool({ name: FINISH_TOOL, arguments: { text: 'Done.' } })))).toEqual({ end: 'agent_finished', score: 1, passed: true, rewards: { paper: 1, released: 1 } });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [SAY_TOOL, {}, `${SAY_TOOL}: "text" must be the message to the user`],
    [SAY_TOOL, { text: '   ' }, `${SAY_TOOL}: "text" must be the message to the user`],
    [FINISH_TOOL, { text: 3 }, `${FINISH_TOOL}: "text" must be a string when given`],
  ])('%s with %j is an error result, and no move', async (name, args, text) => {
    const { b, moves } = binding(() => ({ items: [], done: false, result: null }));
    const res = await (await connect(b)).callTool({ name, arguments: args });
    expect([textOf(res), res.isError]).toEqual([text, true]);
    expect(moves).toEqual([]);
  });

  it.each<[string, () => never, string]>([
    ['the session is over', () => { throw new SessionOverError('agent_finished'); }, 'the session has ended (agent_finished); start a new session to play again'],
    ['anything else goes wrong', () => { throw new Error('disk full'); }, 'synthagent could not play this move: disk full'],
  ])('a move when %s: an error result the agent reads', async (_name, reply, text) => {
    const res = await (await connect(binding(reply).b)).callTool({ name: SAY_TOOL, arguments: { text: 'hi' } });
    expect([textOf(res), res.isError]).toEqual([text, true]);
  });

  it('a connection that may not play gets the reason as an error result', async () => {
    const res = await (await connect(binding(() => ({ items: [], done: false, result: null }), { refuse: true }).b)).callTool({ name: SAY_TOOL, arguments: { text: 'hi' } });
    expect([textOf(res), res.isError]).toEqual(['the connection has closed', true]);
  });

  it('closing the connection tells the binding', async () => {
    const { b, closed } = binding(() => ({ items: [], done: false, result: null }));
    const client = await connect(b);
    await client.close();
    clients.splice(clients.indexOf(client), 1);
    expect(closed()).toBe(1);
  });
});
