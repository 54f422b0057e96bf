import { describe, expect, it } from 'vitest';
import { renderUserPrompt } from '../../src/domain/verl-format.js';
import { paperOpening } from '../../src/domain/verl-origin.js';
import { modelAgent } from '../../src/roles/model-agent.js';
import { modelUser, STOP_TOKEN, userSystemPrompt } from '../../src/roles/model-user.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { simUser } from '../../src/roles/sim-user.js';
import { runSession } from '../../src/session/run-session.js';
import { paperTask, useFakeModel } from '../helpers/paper.js';
import { tinyTask } from '../helpers/tasks.js';

const fake = useFakeModel();
const client = fake.client;

describe('--prompts paper: the model agent', () => {
  it("opens with the record's own user prompt and ends the session on <answer>…</answer>", async () => {
    const task = paperTask();
    fake.server().script([{ text: 'Who is the lead guard you mean?' }, { text: 'Here it is.\n<answer>The script…</answer>' }]);
    const agent = modelAgent(client(), 'fake', { opening: paperOpening(task) });
    const user = { info: { kind: 'script' as const }, act: async () => ({ type: 'say' as const, text: 'Anfernee Simons.' }) };
    const { log, result } = await runSession({ task, agent, user });
    expect(fake.server().requests[0]!.body.messages[1]).toEqual({ role: 'user', content: task.origin!.prompt[1]!.content });
    expect(result.end).toBe('agent_finished');
    expect(log.events.filter((e) => e.type === 'agent_message').map((e) => e.type === 'agent_message' && e.text)).toEqual(['Who is the lead guard you mean?', 'Here it is.\n<answer>The script…</answer>']);
    // The recording's opening stays the instruction: the paper's phrasing is how the agent was told.
    expect(log.events[0]).toMatchObject({ type: 'user_message', text: task.instruction });
  });

  it('phrases a task of ours as the paper does, and without the profile <answer> is just a message', async () => {
    const task = tinyTask();
    expect(paperOpening(task)).toBe(renderUserPrompt(task.instruction));
    fake.server().script([{ text: '<answer>done</answer>' }]);
    const { result } = await runSession({ task, agent: modelAgent(client(), 'fake'), user: simUser() });
    expect(fake.server().requests[0]!.body.messages[1].content).toBe(task.instruction);
    expect(result.end).toBe('user_stopped');
  });
});

describe('--prompts paper: the model user', () => {
  it('sees the background and the whole history with tool calls and results, and answers inside <reply>', async () => {
    const task = paperTask();
    fake.server().script([{ text: 'Sure.\n<reply>\nIt is Anfernee Simons.\n</reply>' }, { text: `<reply>${STOP_TOKEN}</reply>` }]);
    const agent = scriptAgent([{ call: 'SportsStatsAPI', args: { player_name: 'X', team: 'POR', stat_type: 'recent' } }, { say: 'Which guard?' }, { say: 'Thanks, anything else?' }], { kind: 'script' });
    const { log, result } = await runSession({ task, agent, user: modelUser(client(), 'fake', 'paper') });
    const sent = fake.server().requests[0]!.body.messages as { role: string; content: string }[];
    expect(sent).toHaveLength(1);
    expect(sent[0]!.role).toBe('user');
    expect(sent[0]!.content).toContain(task.user.background!);
    expect(sent[0]!.content).toContain('Agent calls tool {"name":"SportsStatsAPI","arguments":{"player_name":"X","team":"POR","stat_type":"recent"}}');
    expect(sent[0]!.content).toContain('Tool error:');
    expect(sent[0]!.content).toMatch(/one sentence/);
    expect(sent[0]!.content).toMatch(/no hint about how to solve the task or which tools/);
    expect(log.events.filter((e) => e.type === 'user_message').map((e) => e.type === 'user_message' && e.text)).toEqual([task.instruction, 'It is Anfernee Simons.']);
    expect(result.end).toBe('user_stopped');
  });

  it('our user prompt states an imported background once', () => {
    const task = paperTask();
    const prompt = userSystemPrompt(task);
    expect(prompt.split(task.user.background!).length - 1).toBe(1);
  });
});
