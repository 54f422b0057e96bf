import { describe, expect, it } from 'vitest';
import { HumanInbox, humanAgent, humanUser } from '../../src/roles/human.js';
import type { AgentAction, UserAction } from '../../src/roles/role.js';

describe('HumanInbox', () => {
  it('nobody waiting: submit is refused and nothing is told', () => {
    const told: boolean[] = [];
    const inbox = new HumanInbox<string>((w) => told.push(w));
    expect(inbox.waiting).toBe(false);
    expect(inbox.submit('x')).toBe(false);
    expect(told).toEqual([]);
  });

  it('next waits (and says so), submit hands the move over (and says it was taken)', async () => {
    const told: boolean[] = [];
    const inbox = new HumanInbox<string>((w) => told.push(w));
    const move = inbox.next(new AbortController().signal);
    expect(inbox.waiting).toBe(true);
    expect(told).toEqual([true]);
    expect(inbox.submit('hello')).toBe(true);
    expect(await move).toBe('hello');
    expect(inbox.waiting).toBe(false);
    expect(told).toEqual([true, false]);
    expect(inbox.submit('again')).toBe(false); // one move per wait
  });

  it('an abort while waiting rejects and leaves nobody waiting; an aborted signal rejects at once', async () => {
    const inbox = new HumanInbox<string>(() => {});
    const controller = new AbortController();
    const move = inbox.next(controller.signal);
    controller.abort();
    await expect(move).rejects.toThrow('aborted');
    expect(inbox.waiting).toBe(false);
    expect(inbox.submit('late')).toBe(false);
    await expect(inbox.next(AbortSignal.abort())).rejects.toThrow('aborted');
    expect(inbox.waiting).toBe(false);
  });

  it('an abort after the move was taken changes nothing', async () => {
    const inbox = new HumanInbox<string>(() => {});
    const controller = new AbortController();
    const move = inbox.next(controller.signal);
    inbox.submit('kept');
    controller.abort();
    expect(await move).toBe('kept');
  });
});

describe('humanAgent and humanUser', () => {
  it('act waits for the person\'s move through the inbox', async () => {
    const agentInbox = new HumanInbox<AgentAction>(() => {});
    const userInbox = new HumanInbox<UserAction>(() => {});
    const ctx = { signal: new AbortController().signal, note: () => {} };
    const agent = humanAgent(agentInbox);
    const user = humanUser(userInbox, { kind: 'human', client: 'tui' });
    expect([agent.info, user.info]).toEqual([{ kind: 'human' }, { kind: 'human', client: 'tui' }]);
    const a = agent.act({ items: [] } as never, ctx);
    const u = user.act({} as never, ctx);
    agentInbox.submit({ type: 'finish' });
    userInbox.submit({ type: 'stop' });
    expect([await a, await u]).toEqual([{ type: 'finish' }, { type: 'stop' }]);
  });
});
