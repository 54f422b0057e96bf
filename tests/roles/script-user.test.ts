import { describe, expect, it } from 'vitest';
import type { UserAction } from '../../src/roles/role.js';
import { scriptUser } from '../../src/roles/script-user.js';

const turn = {} as never;
const ctx = { signal: new AbortController().signal, note: () => {} };

describe('scriptUser', () => {
  it('says each line in order, stops at a stop step, and stops once the script runs out', async () => {
    const user = scriptUser([{ say: 'a' }, { say: 'b' }, { stop: true }, { say: 'after' }], { kind: 'script', script: 'u.json' });
    const moves: UserAction[] = [];
    for (let i = 0; i < 6; i++) moves.push(await user.act(turn, ctx));
    expect(moves).toEqual([{ type: 'say', text: 'a' }, { type: 'say', text: 'b' }, { type: 'stop' }, { type: 'say', text: 'after' }, { type: 'stop' }, { type: 'stop' }]);
    expect(user.info).toEqual({ kind: 'script', script: 'u.json' });
  });

  it('an empty script stops at once', async () => {
    expect(await scriptUser([], { kind: 'script' }).act(turn, ctx)).toEqual({ type: 'stop' });
  });
});
