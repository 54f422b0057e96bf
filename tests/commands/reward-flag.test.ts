import { describe, expect, it } from 'vitest';
import { rewardFlag } from '../../src/commands/reward-flag.js';
import { userErrorMessage } from '../helpers/errors.js';

describe('rewardFlag', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'paper'],
    ['paper', 'paper'],
    ['released', 'released'],
  ])('%j → %s', (text, profile) => expect(rewardFlag(text)).toBe(profile));

  it.each(['Paper', 'both', ''])('%j is refused in one line naming the choices', (text) => {
    expect(userErrorMessage(() => rewardFlag(text))).toBe(`--reward ${text}: must be paper or released`);
  });
});
