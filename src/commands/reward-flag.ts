import { REWARD_PROFILES, type RewardProfile, rewardProfileOf } from '../domain/rewards.js';
import { UserError } from '../errors.js';

/** `--reward paper|released` (default paper): which reward is the headline (SPEC §1 "Reward profiles"). */
export function rewardFlag(text: string | undefined): RewardProfile {
  const profile = rewardProfileOf(text);
  if (profile === null) throw new UserError(`--reward ${text}: must be ${REWARD_PROFILES.join(' or ')}`);
  return profile;
}
