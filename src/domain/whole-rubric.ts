import { taskRubricMarkdown } from './export-formats.js';
import { SECTION_OF, type Sections } from './rewards.js';
import { rubricNodes } from './rubric-nodes.js';
import type { RubricItem, RubricKind, Task } from './task.js';
import { unchangedOrigin } from './verl-origin.js';
import { parseVerlRubric, sectionKind } from './verl-rubric.js';

/**
 * The whole-rubric judge of the paper's released reward code, the pure part: the rubric the judge reads
 * (the paper's three Markdown sections, every criterion) and the reading of its answer (a status per
 * criterion under its section, then a section status block of `Completed Items: X/Y`).
 */

const KINDS: RubricKind[] = ['forbidden', 'subgoal', 'interaction'];
const VERL_SECTION = { forbidden: 'policy', subgoal: 'subgoals', interaction: 'interactions' } as const;

/**
 * The rubric as the judge reads it: an unchanged imported task's Markdown as written (when its criteria
 * are the task's items, section by section), else the task's items in the paper's three sections.
 */
export function judgeRubric(task: Task): string {
  const origin = unchangedOrigin(task);
  if (origin) {
    const parsed = parseVerlRubric(origin.rubrics);
    const same = KINDS.every((k) => (parsed[VERL_SECTION[k]]?.length ?? 0) === task.rubric.filter((r) => r.kind === k).length);
    if (same) return origin.rubrics;
  }
  return taskRubricMarkdown(task);
}

/** One criterion's status as the judge wrote it. */
export interface CriterionStatus {
  title: string;
  completed: boolean;
}

export interface WholeAnswer {
  /** Statuses per section, in the order written; a section the answer lacks is empty. */
  criteria: Record<RubricKind, CriterionStatus[]>;
  /** The section status block, when the answer has a readable one. */
  sections: Sections | null;
}

const STATUS = /status\W*\s*(not\s+completed|completed)\b/i;

/** Reads a judge's answer; a string says why it cannot be read. */
export function parseWholeAnswer(text: string): WholeAnswer | string {
  const blockAt = text.search(/<section_status>/i);
  const evaluation = (/<evaluation>([\s\S]*?)(<\/evaluation>|$)/i.exec(text)?.[1] ?? (blockAt >= 0 ? text.slice(0, blockAt) : text)).replace(/\r\n?/g, '\n');
  const criteria: Record<RubricKind, CriterionStatus[]> = { forbidden: [], subgoal: [], interaction: [] };
  let kind: RubricKind | null = null;
  let title: string | null = null;
  for (const line of evaluation.split('\n')) {
    const heading = /^\s*(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (heading && heading[1]!.length <= 2) {
      kind = sectionOfHeading(heading[2]!);
      title = null;
    } else if (heading) title = heading[2]!.replace(/\*\*/g, '').trim();
    else if (kind && title !== null) {
      const m = STATUS.exec(line.replace(/\*/g, ''));
      // "Completed / Not Completed" is the template, not an answer.
      if (m && !/completed\s*\/\s*not\s+completed/i.test(line)) {
        criteria[kind].push({ title, completed: !/not/i.test(m[1]!) });
        title = null;
      }
    }
  }
  const total = KINDS.reduce((n, k) => n + criteria[k].length, 0);
  if (total === 0) return 'no criterion with a "Status: Completed" or "Status: Not Completed" line under a "## Section" heading';
  return { criteria, sections: blockAt < 0 ? null : parseStatusBlock(text.slice(blockAt)) };
}

function sectionOfHeading(heading: string): RubricKind | null {
  const n = /section\s*(\d)/i.exec(heading)?.[1];
  if (n === '1' || n === '2' || n === '3') return KINDS[Number(n) - 1]!;
  const k = sectionKind(heading);
  return k === 'policy' ? 'forbidden' : k === 'subgoals' ? 'subgoal' : k === 'interactions' ? 'interaction' : null;
}

/** `### Section N` / `**Name:** …` / `**Completed Items:** X/Y`, by name or else by number. */
function parseStatusBlock(block: string): Sections | null {
  const body = (/<section_status>([\s\S]*?)(<\/section_status>|$)/i.exec(block)?.[1] ?? '').replace(/\*/g, '');
  const out: Partial<Sections> = {};
  for (const chunk of body.split(/^\s*#{1,6}\s*(?=section\b)/im).slice(1)) {
    const count = /completed\s+items\s*:?\s*(\d+)\s*\/\s*(\d+)/i.exec(chunk);
    if (!count) continue;
    const name = /name\s*:\s*(.*)/i.exec(chunk)?.[1] ?? '';
    const kind = (name && sectionOfHeading(name)) || sectionOfHeading(chunk.split('\n')[0]!);
    if (!kind) continue;
    const [met, total] = [Number(count[1]), Number(count[2])];
    if (met <= total) out[SECTION_OF[kind]] = { met, total };
  }
  return out.policy && out.subgoal && out.interaction ? (out as Sections) : null;
}

/** A verdict for one `judge` check, from the status of the rubric item it belongs to. */
export interface NodeVerdict {
  path: string;
  criterion: string;
  verdict: boolean;
  reason: string;
}

/**
 * Item verdicts from the answer: the n-th status of a section is the n-th item of that kind (by title
 * when the counts differ). A policy criterion "Completed" means the rule was kept: its forbidden item
 * is not satisfied. Every undecided `judge` check under an item gets the item's verdict. Null with the
 * reason when some item with such checks got no status.
 */
export function verdictsOf(task: Task, answer: WholeAnswer, pending: readonly { path: string; criterion: string; item: string }[]): NodeVerdict[] | string {
  const roots = rubricNodes(task);
  const out: NodeVerdict[] = [];
  const missing: string[] = [];
  for (const kind of KINDS) {
    const items = roots.filter((r) => r.item.kind === kind);
    const statuses = answer.criteria[kind];
    items.forEach((root, i) => {
      const nodes = pending.filter((p) => p.item === root.item.id);
      if (nodes.length === 0) return;
      const status = statuses.length === items.length ? statuses[i] : byTitle(root.item, statuses);
      if (!status) return void missing.push(root.item.id);
      const satisfied = kind === 'forbidden' ? !status.completed : status.completed;
      const reason = `whole-rubric judge: ${status.completed ? 'Completed' : 'Not Completed'} (${SECTION_OF[kind]} criterion "${status.title}")`;
      for (const n of nodes) out.push({ path: n.path, criterion: n.criterion, verdict: satisfied, reason });
    });
  }
  if (missing.length > 0) return `no status for ${missing.join(', ')} (the answer has ${KINDS.map((k) => `${answer.criteria[k].length} ${SECTION_OF[k]}`).join(', ')} criteria)`;
  return out;
}

const norm = (s: string): string => s.toLowerCase().replace(/^\s*(\d+[a-z]?|[a-z])[.)]\s+/, '').replace(/[^a-z0-9]+/g, ' ').trim();

function byTitle(item: RubricItem, statuses: readonly CriterionStatus[]): CriterionStatus | undefined {
  const want = norm(item.description);
  return statuses.find((s) => norm(s.title) === want) ?? statuses.find((s) => want !== '' && (norm(s.title).includes(want) || want.includes(norm(s.title))));
}
