import { describe, expect, it } from 'vitest';
import { criterionDetails, entryCriterion, parseVerlRubric, renderVerlRubric, sectionKind, type VerlRubricEntry } from '../../src/domain/verl-rubric.js';

describe('sectionKind', () => {
  it.each<[string, string | null]>([
    ['2. Task Sub-goals', 'subgoals'],
    ['Subgoals', 'subgoals'],
    ['Goals', 'subgoals'],
    ['3. Required User Interaction', 'interactions'],
    ['1. Policy Compliance Criteria', 'policy'],
    ['Forbidden actions', 'policy'],
    ['Overview', null],
  ])('%j → %j', (heading, kind) => expect(sectionKind(heading)).toBe(kind));
});

describe('parseVerlRubric', () => {
  it('returns null for every section of a text with none', () => {
    expect(parseVerlRubric('Just prose.\n\n## Overview\nNothing here.')).toEqual({ policy: null, subgoals: null, interactions: null });
  });

  it('reads subsections, numbered lists with bold titles and tables, at any heading depth', () => {
    const md = [
      '## 1. Policy Compliance Criteria',
      '### 1a. **No refunds over $500**:',
      '  Refunds above $500 need approval.',
      '### 1b. Never share card numbers',
      '',
      '---',
      '## 2. Task Sub-goals',
      '1. **Find the order**: look it up by id',
      '   - using get_order',
      '2. Refund it',
      '## 3. Required User Interaction',
      '| Information | Why |',
      '| --- | --- |',
      '| Order id | to find it |',
      '| Refund method | |',
    ].join('\r\n');
    expect(parseVerlRubric(md)).toEqual({
      policy: [
        { title: 'No refunds over $500', body: 'Refunds above $500 need approval.' },
        { title: 'Never share card numbers', body: '' },
      ],
      subgoals: [
        { title: 'Find the order', body: 'look it up by id\n- using get_order' },
        { title: 'Refund it', body: '' },
      ],
      interactions: [
        { title: 'Order id', body: '- Why: to find it' },
        { title: 'Refund method', body: '' },
      ],
    });
  });

  it.each<[string, VerlRubricEntry[] | null]>([
    ['(none)', []],
    ['N/A', []],
    ['', []],
    ['- one\n- two', [{ title: 'one', body: '' }, { title: 'two', body: '' }]],
    ['A paragraph with no list.', [{ title: 'Task Sub-goals', body: 'A paragraph with no list.' }]],
  ])('a sub-goals section holding %j', (body, entries) => {
    expect(parseVerlRubric(`### 2. Task Sub-goals\n${body}\n`).subgoals).toEqual(entries);
  });

  it('keeps the first of two sections of one kind', () => {
    expect(parseVerlRubric('### Goals\n- a\n### Sub-goals\n- b').subgoals).toEqual([{ title: 'a', body: '' }]);
  });
});

describe('renderVerlRubric', () => {
  const rubric = {
    policy: [{ title: 'No refunds over $500', body: 'Need approval.' }, { title: 'No card numbers', body: '' }],
    subgoals: [{ title: 'Find the order', body: 'by id\n\n- with get_order' }],
    interactions: [],
  };

  it('writes the paper\'s three sections, (none) for an empty one', () => {
    const md = renderVerlRubric(rubric);
    expect(md).toBe(
      '### 1. Policy Compliance Criteria\n\n#### 1a. No refunds over $500\nNeed approval.\n\n#### 1b. No card numbers\n' +
        '\n---\n\n### 2. Task Sub-goals\n\n1. **Find the order**\n   by id\n\n   - with get_order\n' +
        '\n---\n\n### 3. Required User Interaction\n\n(none)\n',
    );
  });

  it('parsing reads back what rendering wrote, item for item', () => {
    expect(parseVerlRubric(renderVerlRubric(rubric))).toEqual(rubric);
  });

  it('labels policy entries past z as aa, ab, …', () => {
    const many = Array.from({ length: 28 }, (_, i) => ({ title: `rule ${i}`, body: '' }));
    const md = renderVerlRubric({ policy: many, subgoals: [], interactions: [] });
    expect(md).toContain('#### 1z. rule 25');
    expect(md).toContain('#### 1aa. rule 26');
    expect(md).toContain('#### 1ab. rule 27');
    expect(parseVerlRubric(md).policy).toEqual(many);
  });
});

describe('entryCriterion and criterionDetails', () => {
  it.each<['forbidden' | 'subgoal' | 'interaction', VerlRubricEntry, string]>([
    ['forbidden', { title: 'Shares a card number', body: '' }, 'The agent violates this rule: Shares a card number'],
    ['subgoal', { title: 'Finds the order', body: '- by id' }, 'The agent achieves this sub-goal: Finds the order\n- by id'],
    ['interaction', { title: 'Order id', body: '' }, 'The agent gets this from the user before acting on it: Order id'],
  ])('%s: the criterion reads as the judge sees it, and gives its details back', (kind, entry, criterion) => {
    expect(entryCriterion(kind, entry)).toBe(criterion);
    expect(criterionDetails(kind, entry.title, criterion)).toBe(entry.body);
  });

  it('a criterion written by hand comes back whole', () => {
    expect(criterionDetails('subgoal', 'Finds the order', 'The order is found.')).toBe('The order is found.');
    expect(criterionDetails('subgoal', 'Finds', 'The agent achieves this sub-goal: Finds the order')).toBe('The agent achieves this sub-goal: Finds the order');
  });
});

describe('titles', () => {
  it.each<[string, string]>([
    ['#### 1a. **Rule**:', 'Rule'],
    ['#### 1aa. Rule', 'Rule'],
    ['#### B) Rule', 'Rule'],
    ['#### 2FA. Enforce it', '2FA. Enforce it'], // a word, not a label
    ['#### *Rule*', 'Rule'],
  ])('%j → %j', (heading, title) => expect(parseVerlRubric(`### 1. Policy Compliance Criteria\n${heading}\n`).policy?.[0]?.title).toBe(title));
});
