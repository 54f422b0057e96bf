import { createHash } from 'node:crypto';
import type { ModelClient } from '../adapters/model-client.js';
import type { Event } from '../domain/events.js';
import type { Sections } from '../domain/rewards.js';
import type { Task } from '../domain/task.js';
import { originUserPrompt } from '../domain/verl-origin.js';
import { judgeRubric, type NodeVerdict, parseWholeAnswer, verdictsOf } from '../domain/whole-rubric.js';
import { judgeTranscript } from './model-judge.js';

/** What a whole-rubric judge decided: a verdict per pending `judge` check and its section counts (when readable). */
export interface WholeVerdicts {
  verdicts: NodeVerdict[];
  sections: Sections | null;
}

/**
 * One judge call per session (`--judge-mode whole`): every undecided `judge` check at once. Null when
 * the answer could not be read (twice): the checks stay unjudged, and `problem` says why.
 */
export type WholeJudge = (request: {
  task: Task;
  events: readonly Event[];
  pending: readonly { path: string; criterion: string; item: string }[];
}) => Promise<WholeVerdicts | { unreadable: string }>;

/** The answers of a whole-rubric judge by prompt hash (the raw text; it is read again on each use). */
export interface AnswerCache {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export const WHOLE_JUDGE_CACHE = '.synthagent/whole-judge-cache.json';
export const WHOLE_JUDGE_CACHE_FORMAT = 'synthagent.whole-judge-cache/1';

export const WHOLE_JUDGE_SYSTEM = 'You are a strict evaluator. You approve only work that fully meets a criterion; anything partial, assumed or unverified does not count.';

/** Low, as in the authors' reward code, so that a judgment is repeatable. */
export const WHOLE_JUDGE_TEMPERATURE = 0.1;

/**
 * The judge's request, in our words after the structure of the released reward code: the task, the
 * rubric's three sections, the transcript as the solution, what to check, and the answer format.
 */
export function wholeJudgePrompt(task: Task, events: readonly Event[]): string {
  const statement = originUserPrompt(task) ?? task.instruction;
  const policy = task.system ? `\n\nThe policy the agent works under:\n${task.system}` : '';
  const section = (n: number, name: string): string =>
    `## Section ${n} ${name}\n### [criterion name, as in the rubric]\n**Status: Completed** or **Status: Not Completed**\n[Why, in a sentence or two.]\n\n[… every criterion of the section, in the rubric's order]`;
  const block = (n: number, name: string): string => `### Section ${n}\n**Name:** ${name}\n**Completed Items:** X/Y`;
  return [
    `# Task Description\n\n${statement}${policy}`,
    `# Assessment Rubrics\n\n${judgeRubric(task)}`,
    `# Solution to Evaluate\n\nThe whole session: what the user and the agent said, every tool call the agent made and what it returned.\n\n${judgeTranscript(events)}`,
    [
      '# Your Task',
      '',
      'Judge the solution against every criterion of the rubric, each as Completed or Not Completed.',
      '',
      'For the Policy Compliance criteria, Completed means the agent kept the rule. Check two things:',
      '1. whether the agent broke a policy outright;',
      '2. whether the agent called a tool with a parameter it had not got from the user or a tool result — invented, assumed or guessed — without asking the user first. That breaks policy compliance too.',
      '',
      'A sub-goal is Completed only when the transcript shows it done; a required interaction only when the agent really asked the user and got the answer.',
    ].join('\n'),
    [
      '# Output Format',
      '',
      '<evaluation>',
      '',
      section(1, 'Policy Compliance Criteria'),
      '',
      section(2, 'Task Sub-goals'),
      '',
      section(3, 'Required User Interaction'),
      '',
      '</evaluation>',
      '',
      '<section_status>',
      '',
      block(1, 'Policy Compliance Criteria'),
      '',
      block(2, 'Task Sub-goals'),
      '',
      block(3, 'Required User Interaction'),
      '',
      '</section_status>',
      '',
      'X is how many criteria of the section are Completed, Y how many it has (0/0 for a section with none). Judge every criterion, be strict, and keep to this format exactly.',
    ].join('\n'),
  ].join('\n\n---\n\n');
}

/** A whole-rubric judge on a model, answers cached by the hash of the request. */
export function modelWholeJudge(client: ModelClient, model: string, cache: AnswerCache): WholeJudge {
  return async ({ task, events, pending }) => {
    const prompt = wholeJudgePrompt(task, events);
    const key = createHash('sha256').update(`${model}\n${WHOLE_JUDGE_SYSTEM}\n${prompt}`).digest('hex');
    const cached = cache.get(key);
    if (cached !== undefined) {
      const read = readAnswer(task, cached, pending);
      if (!('unreadable' in read)) return read;
    }
    let problem = '';
    for (let tries = 0; tries < 2; tries++) {
      const messages = [
        { role: 'system' as const, content: WHOLE_JUDGE_SYSTEM },
        { role: 'user' as const, content: problem ? `${prompt}\n\nYour last answer could not be read: ${problem}. Answer again, in the output format exactly.` : prompt },
      ];
      const answer = await client.chat({ model, messages, params: { temperature: WHOLE_JUDGE_TEMPERATURE } });
      const read = readAnswer(task, answer.content ?? '', pending);
      if (!('unreadable' in read)) {
        cache.set(key, answer.content ?? '');
        return read;
      }
      problem = read.unreadable;
    }
    return { unreadable: problem };
  };
}

function readAnswer(task: Task, text: string, pending: Parameters<WholeJudge>[0]['pending']): WholeVerdicts | { unreadable: string } {
  const answer = parseWholeAnswer(text);
  if (typeof answer === 'string') return { unreadable: answer };
  const verdicts = verdictsOf(task, answer, pending);
  if (typeof verdicts === 'string') return { unreadable: verdicts };
  return { verdicts, sections: answer.sections };
}

/** A whole-rubric judge that repeats a recording's verdicts and section counts (replay and rescore need no network). */
export function recordedWholeJudge(events: readonly Event[]): WholeJudge | undefined {
  const block = events.find((e) => e.type === 'note' && e.judgeSections);
  if (!block || block.type !== 'note' || !block.judgeSections) return undefined;
  const sections = block.judgeSections;
  const verdicts = events.flatMap((e) => (e.type === 'note' && e.judge ? [e.judge] : []));
  return async ({ pending }) => ({
    verdicts: verdicts.filter((v) => pending.some((p) => p.path === v.path && p.criterion === v.criterion)),
    sections,
  });
}
