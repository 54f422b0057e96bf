import { describe, expect, it } from 'vitest';
import type { AgentAction } from '../../src/roles/role.js';
import { scriptAgent } from '../../src/roles/script-agent.js';

const view = { items: [] } as never;
const ctx = { signal: new AbortController().signal, note: () => {} };

describe('scriptAgent', () => {
  it('plays each step in order, then finishes for ever', async () => {
    const agent = scriptAgent([{ say: 'hi' }, { call: 'get', args: { id: 1 } }, { finish: 'bye' }, { say: 'never said' }], { kind: 'script', script: 'a.json' });
    const moves: AgentAction[] = [];
    for (let i = 0; i < 6; i++) moves.push(await agent.act(view, ctx));
    expect(moves).toEqual([
      { type: 'say', text: 'hi' },
      { type: 'call', tool: 'get', args: { id: 1 } },
      { type: 'finish', text: 'bye' },
      { type: 'say', text: 'never said' }, // the script is played as written; the session ends at the finish
      { type: 'finish' },
      { type: 'finish' },
    ]);
    expect(agent.info).toEqual({ kind: 'script', script: 'a.json' });
  });

  it.each<[string, Parameters<typeof scriptAgent>[0], AgentAction]>([
    ['an empty script finishes at once', [], { type: 'finish' }],
    ['a finish without text has none', [{}], { type: 'finish' }],
    ['an empty finish text is kept', [{ finish: '' }], { type: 'finish', text: '' }],
  ])('%s', async (_name, steps, move) => expect(await scriptAgent(steps, { kind: 'script' }).act(view, ctx)).toEqual(move));

  it('two agents from one script play it independently', async () => {
    const steps = [{ say: 'a' }, { say: 'b' }];
    const one = scriptAgent(steps, { kind: 'script' });
    const two = scriptAgent(steps, { kind: 'script' });
    await one.act(view, ctx);
    expect(await two.act(view, ctx)).toEqual({ type: 'say', text: 'a' });
    expect(await one.act(view, ctx)).toEqual({ type: 'say', text: 'b' });
  });
});
