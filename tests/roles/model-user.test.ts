import { describe, expect, it } from 'vitest';
import { modelUser, STOP_TOKEN } from '../../src/roles/model-user.js';
import { scriptAgent } from '../../src/roles/script-agent.js';
import { runSession } from '../../src/session/run-session.js';
import { say, useFakeModel, withProgress } from '../helpers/paper.js';
import { exampleTask } from '../helpers/tasks.js';

const fake = useFakeModel();
const client = fake.client;

describe('model user', () => {
  it('is prompted with its facts and goal, and stops on the token', async () => {
    const task = exampleTask();
    fake.server().script([say('It is BK-4411.'), say(STOP_TOKEN)]);
    const agent = scriptAgent([{ say: 'What is your booking reference?' }, { say: 'Anything else?' }], { kind: 'script' });
    const { log, result } = await runSession({ task, agent, user: modelUser(client(), 'fake') });
    const prompt = JSON.stringify(fake.server().requests[0]!.body.messages);
    expect(prompt).toContain('BK-4411');
    expect(prompt).toContain(task.fullInstruction);
    expect(prompt).toContain(STOP_TOKEN);
    expect(log.events.find((e) => e.type === 'user_message' && e.seq > 0)).toMatchObject({ reveals: ['booking_id'] });
    expect(result.end).toBe('user_stopped');
  });
});

describe('streaming', () => {
  it('a model user streams its reply', async () => {
    fake.server().script([{ stream: { pieceChars: 5 }, then: say('It is BK-4411.') }, say(STOP_TOKEN)]);
    const seen: string[] = [];
    const agent = scriptAgent([{ say: 'What is your booking reference?' }, { say: 'Anything else?' }], { kind: 'script' });
    const { log } = await runSession({ task: exampleTask(), agent, user: withProgress(modelUser(client(), 'fake'), seen) });
    expect(seen).toEqual(['It is', 'It is BK-4', 'It is BK-4411.', STOP_TOKEN.slice(0, 4), STOP_TOKEN.slice(0, 8), STOP_TOKEN]);
    expect(log.events.find((e) => e.type === 'user_message' && e.seq > 0)).toMatchObject({ text: 'It is BK-4411.', reveals: ['booking_id'] });
  });
});
