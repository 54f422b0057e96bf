import type { EndReason } from './events.js';
import type { Hit, SessionResult, StoredResult } from './recording.js';
import { releasedReward, type RewardProfile, type Rewards, type Sections, sectionsOf } from './rewards.js';
import { type CheckNode, rubricNodes } from './rubric-nodes.js';
import { compositeSatisfied, type SessionState } from './session-state.js';
import type { RubricItem, RubricKind } from './task.js';

/** A rubric item as a player sees it: live while the session runs, final after. */
export type ItemStatus = 'pending' | 'satisfied' | 'missed' | 'violated' | 'clear' | 'unjudged';

/** The rubric items satisfied in `state` that have no `rubric_hit` event yet. */
export function pendingHits(state: SessionState): RubricItem[] {
  return rubricNodes(state.task)
    .filter((root) => state.satisfied.has(root.path) && !state.hits.has(root.item.id))
    .map((root) => root.item);
}

/**
 * Settles `world` checks against the final world (values computed by the caller, since JSONata is async),
 * then re-settles composites. Returns the state with those nodes latched.
 */
export function settleWorldChecks(state: SessionState, worldValues: ReadonlyMap<string, boolean>): SessionState {
  const satisfied = new Set(state.satisfied);
  const visit = (node: CheckNode): void => {
    node.children.forEach(visit);
    if (satisfied.has(node.path)) return;
    const hit = node.check.type === 'world' ? worldValues.get(node.path) === true : compositeSatisfied(node, (p) => satisfied.has(p));
    if (hit) satisfied.add(node.path);
  };
  rubricNodes(state.task).forEach(visit);
  return { ...state, satisfied };
}

/** Every `judge` check not yet decided, for the caller to put to a judge at the end. */
export function pendingJudgeNodes(state: SessionState): { path: string; criterion: string; item: string }[] {
  const out: { path: string; criterion: string; item: string }[] = [];
  const visit = (node: CheckNode): void => {
    if (node.check.type === 'judge' && !state.judged.has(node.path) && !state.satisfied.has(node.path)) {
      out.push({ path: node.path, criterion: node.check.criterion, item: node.item.id });
    }
    node.children.forEach(visit);
  };
  rubricNodes(state.task).filter((r) => !state.satisfied.has(r.path)).forEach(visit);
  return out;
}

/** Every `world` check node of the task, for the caller to evaluate at the end. */
export function worldCheckNodes(state: SessionState): { path: string; query: string }[] {
  const out: { path: string; query: string }[] = [];
  const visit = (node: CheckNode): void => {
    if (node.check.type === 'world') out.push({ path: node.path, query: node.check.query });
    node.children.forEach(visit);
  };
  rubricNodes(state.task).forEach(visit);
  return out;
}

/** True when the item is not satisfied and its check depends on a judge that has not decided. */
function isUnjudged(root: CheckNode, state: SessionState): boolean {
  if (state.satisfied.has(root.path)) return false;
  const undecided = (n: CheckNode): boolean => (n.check.type === 'judge' && !state.judged.has(n.path)) || n.children.some(undecided);
  return undecided(root);
}

export function itemStatus(root: CheckNode, state: SessionState): ItemStatus {
  const done = state.satisfied.has(root.path);
  if (root.item.kind === 'forbidden') {
    if (done) return 'violated';
    if (state.ended === null) return 'pending';
    return isUnjudged(root, state) ? 'unjudged' : 'clear';
  }
  if (done) return 'satisfied';
  if (state.ended === null) return 'pending';
  return isUnjudged(root, state) ? 'unjudged' : 'missed';
}

export interface ScoreBreakdown {
  score: number;
  passed: boolean;
  /** Weighted fraction of subgoals / interactions satisfied; null when the kind has no judged items. */
  subgoals: number | null;
  interactions: number | null;
  violated: string[];
  unjudged: string[];
  /** The task has positive items and every one was left unjudged: nothing was checked. */
  nothingJudged: boolean;
}

/** A session that failed or was aborted: it does not pass, whatever its score so far. */
export function cutShort(end: EndReason | null): end is 'error' | 'aborted' {
  return end === 'error' || end === 'aborted';
}

/** The seed paper's reward: [no forbidden item satisfied] × mean(S, I). */
export function scoreOf(state: SessionState): ScoreBreakdown {
  const roots = rubricNodes(state.task);
  const unjudged = roots.filter((r) => isUnjudged(r, state)).map((r) => r.item.id);
  const fraction = (kind: RubricKind): number | null => {
    const items = roots.filter((r) => r.item.kind === kind && !unjudged.includes(r.item.id));
    const total = items.reduce((sum, r) => sum + (r.item.weight ?? 1), 0);
    if (total === 0) return null;
    const got = items.filter((r) => state.satisfied.has(r.path)).reduce((sum, r) => sum + (r.item.weight ?? 1), 0);
    return got / total;
  };
  const subgoals = fraction('subgoal');
  const interactions = fraction('interaction');
  const violated = roots.filter((r) => r.item.kind === 'forbidden' && state.satisfied.has(r.path)).map((r) => r.item.id);
  const parts = [subgoals, interactions].filter((x): x is number => x !== null);
  const mean = parts.length === 0 ? 1 : parts.reduce((a, b) => a + b, 0) / parts.length;
  const score = violated.length > 0 ? 0 : mean;
  // Passing needs evidence: when every positive item was left unjudged, nothing was checked.
  const positives = roots.filter((r) => r.item.kind !== 'forbidden');
  const nothingJudged = positives.length > 0 && positives.every((r) => unjudged.includes(r.item.id));
  const passed = violated.length === 0 && (subgoals ?? 1) === 1 && (interactions ?? 1) === 1 && !nothingJudged && !cutShort(state.ended);
  return { score, passed, subgoals, interactions, violated, unjudged, nothingJudged };
}

/** The recording's `result` for a finished state. */
export function resultOf(state: SessionState, end: EndReason): SessionResult {
  const { score, passed: perfect, unjudged } = scoreOf(state);
  // A session that failed or was cut short did not pass, whatever its score so far.
  const passed = perfect && !cutShort(end);
  const kinds = new Map(state.task.rubric.map((i) => [i.id, i.kind]));
  const hits: Hit[] = [...state.hits].map(([item, seq]) => ({ item, kind: kinds.get(item) ?? 'subgoal', seq }));
  return { score, passed, end, hits, unjudged, ...rewardsOfState(state) };
}

/** Section counts from the rubric items a state has settled (unjudged items in neither count). */
export function itemSections(state: SessionState): Sections {
  const { unjudged } = scoreOf(state);
  const paths = new Map(rubricNodes(state.task).map((r) => [r.item.id, r.path]));
  return sectionsOf(state.task.rubric, (id) => state.satisfied.has(paths.get(id) ?? ''), unjudged);
}

/** `sections` and `rewards` of a state, live or final. */
export function rewardsOfState(state: SessionState): { sections: Sections; rewards: Rewards } {
  return rewardsOf(scoreOf(state).score, state.judgeSections ?? itemSections(state));
}

/**
 * Whether a result passes under a reward profile: `paper` is SPEC §1's `passed`; `released` is a
 * released reward of 1 in a session that was not cut short.
 */
export function passedUnder(result: Pick<SessionResult, 'passed' | 'end' | 'rewards'>, profile: RewardProfile): boolean {
  if (profile === 'paper') return result.passed;
  return result.rewards.released >= 1 - 1e-9 && !cutShort(result.end);
}

/**
 * `sections` and `rewards` of a result. The sections are the ones `released` is computed from: the
 * whole-rubric judge's own section counts when it gave them (as the released code reads them), else
 * the item counts.
 */
export function rewardsOf(paper: number, sections: Sections): { sections: Sections; rewards: Rewards } {
  return { sections, rewards: { paper, released: releasedReward(sections) } };
}

/** A result as an older recording stored it, with `sections` and `rewards` derived from its hits and its rubric. */
export function completeResult(result: StoredResult, rubric: readonly RubricItem[]): SessionResult {
  if (result.sections && result.rewards) return { ...result, sections: result.sections, rewards: result.rewards };
  const hit = new Set(result.hits.map((h) => h.item));
  const sections = result.sections ?? sectionsOf(rubric, (id) => hit.has(id), result.unjudged);
  return { ...result, ...rewardsOf(result.score, sections) };
}
