import { z } from 'zod';
import type { RubricItem, RubricKind } from './task.js';

/** Items of one rubric section that were judged, and how many of them went the agent's way. */
export const SectionCount = z.object({ met: z.number().int().nonnegative(), total: z.number().int().nonnegative() });
export type SectionCount = z.infer<typeof SectionCount>;

/**
 * The paper's three rubric sections (SPEC §1 "Reward profiles"), unweighted, over judged items only:
 * `policy.met` counts forbidden items not violated, `subgoal`/`interaction` items satisfied.
 */
export const Sections = z.object({ policy: SectionCount, subgoal: SectionCount, interaction: SectionCount });
export type Sections = z.infer<typeof Sections>;

/** Both rewards of a session: the paper's text (`paper`) and the authors' released training code (`released`). */
export const Rewards = z.object({ paper: z.number().min(0).max(1), released: z.number().min(0).max(1) });
export type Rewards = z.infer<typeof Rewards>;

export const REWARD_PROFILES = ['paper', 'released'] as const;
export const RewardProfile = z.enum(REWARD_PROFILES);
export type RewardProfile = z.infer<typeof RewardProfile>;

export const SECTION_OF: Record<RubricKind, keyof Sections> = { forbidden: 'policy', subgoal: 'subgoal', interaction: 'interaction' };

/** Section counts of a rubric, given which items were satisfied and which were left unjudged. */
export function sectionsOf(rubric: readonly RubricItem[], satisfied: (id: string) => boolean, unjudged: readonly string[]): Sections {
  const out: Sections = { policy: { met: 0, total: 0 }, subgoal: { met: 0, total: 0 }, interaction: { met: 0, total: 0 } };
  for (const item of rubric) {
    if (unjudged.includes(item.id)) continue;
    const section = out[SECTION_OF[item.kind]];
    section.total++;
    // A forbidden item is met when it was not violated (not satisfied).
    if (satisfied(item.id) !== (item.kind === 'forbidden')) section.met++;
  }
  return out;
}

/**
 * The reward of the authors' released code (`RL/my_script/reward_function.py`, d1b119d): no policy
 * items or none kept → 0; sub-goal fraction below 0.3 → 0; else 0.7 × sub-goal fraction + 0.3 ×
 * interaction fraction, each term only when its section has items; 0.3 when neither has any.
 */
export function releasedReward(s: Sections): number {
  if (s.policy.total === 0 || s.policy.met === 0) return 0;
  let score = 0;
  let sections = 0;
  if (s.subgoal.total > 0) {
    const f = s.subgoal.met / s.subgoal.total;
    if (f < 0.3) return 0;
    score += 0.7 * f;
    sections++;
  }
  if (s.interaction.total > 0) {
    score += (0.3 * s.interaction.met) / s.interaction.total;
    sections++;
  }
  return sections > 0 ? score : 0.3;
}

/** The reward a profile picks from a result: `score` is the paper's. */
export function headline(result: { score: number; rewards: Rewards }, profile: RewardProfile): number {
  return profile === 'paper' ? result.score : result.rewards.released;
}

/** The other profile, shown beside the headline. */
export function otherProfile(profile: RewardProfile): RewardProfile {
  return profile === 'paper' ? 'released' : 'paper';
}

/** `3/4` per section, for one line of text. */
export function sectionsLine(s: Sections): string {
  return `policy ${s.policy.met}/${s.policy.total}, subgoal ${s.subgoal.met}/${s.subgoal.total}, interaction ${s.interaction.met}/${s.interaction.total}`;
}

/** `released 0.65 · paper 0.50 · policy 1/2, subgoal 2/3, interaction 1/1`: the headline first. */
export function rewardsText(r: { sections: Sections; rewards: Rewards }, profile: RewardProfile): string {
  const other = otherProfile(profile);
  return `${profile} ${r.rewards[profile].toFixed(2)} · ${other} ${r.rewards[other].toFixed(2)} · ${sectionsLine(r.sections)}`;
}

/** `--reward` as given (default `paper`), or null when it names no profile. */
export function rewardProfileOf(text: string | undefined): RewardProfile | null {
  if (text === undefined) return 'paper';
  return (REWARD_PROFILES as readonly string[]).includes(text) ? (text as RewardProfile) : null;
}
