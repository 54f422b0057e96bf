import { describe, expect, it } from 'vitest';
import { answerText, askJson } from '../../src/adapters/ask-json.js';
import type { ChatMessage } from '../../src/adapters/model-types.js';
import type { Result } from '../../src/domain/result.js';
import { useFakeModel } from '../helpers/paper.js';

const fake = useFakeModel();

/** Accepts an object with a numeric `n`. */
const check = (json: unknown): Result<number> =>
  typeof json === 'object' && json !== null && typeof (json as { n?: unknown }).n === 'number' ? { ok: true, value: (json as { n: number }).n } : { ok: false, error: 'n must be a number' };
const retry = (messages: ChatMessage[], text: string, error: string): ChatMessage[] => [...messages, { role: 'assistant', content: text }, { role: 'user', content: `Rejected: ${error}` }];

function ask(params?: Record<string, unknown>) {
  const refused: [string, boolean][] = [];
  const run = askJson({ client: fake.client(), model: 'fake', messages: [{ role: 'user', content: 'give n' }], params, check, retry, onRefused: (e, again) => void refused.push([e, again]) });
  return { run, refused };
}

describe('answerText', () => {
  it.each<[{ content: string | null; refusal: string | null }, string]>([
    [{ content: 'hi', refusal: null }, 'hi'],
    [{ content: '', refusal: 'no' }, ''],
    [{ content: null, refusal: 'no' }, '(refused: no)'],
    [{ content: null, refusal: null }, ''],
  ])('%j → %j', (answer, text) => expect(answerText(answer)).toBe(text));
});

describe('askJson', () => {
  it.each<[string, string]>([
    ['plain JSON', '{"n": 3}'],
    ['a code fence', '```json\n{"n": 3}\n```'],
    ['prose around it', 'Sure! {"n": 3} Anything else?'],
  ])('takes the JSON from %s, in one call', async (_name, text) => {
    fake.server().script([{ text }]);
    const { run, refused } = ask({ temperature: 0 });
    expect(await run).toEqual({ ok: true, value: 3 });
    expect(fake.server().requests).toHaveLength(1);
    expect(fake.server().requests[0]!.body.temperature).toBe(0);
    expect(refused).toEqual([]);
  });

  it('a refused answer is sent back once with the reason; the second answer is used', async () => {
    fake.server().script([{ text: '{"n": "three"}' }, { text: '{"n": 3}' }]);
    const { run, refused } = ask();
    expect(await run).toEqual({ ok: true, value: 3 });
    expect(refused).toEqual([['n must be a number', true]]);
    const second = fake.server().requests[1]!.body.messages;
    expect(second.at(-2)).toEqual({ role: 'assistant', content: '{"n": "three"}' });
    expect(second.at(-1)).toEqual({ role: 'user', content: 'Rejected: n must be a number' });
  });

  it('two refused answers: the last reason, and no third call', async () => {
    fake.server().script([{ text: 'no JSON here' }, { empty: true }, { text: '{"n": 1}' }]);
    const { run, refused } = ask();
    const got = await run;
    expect(got.ok).toBe(false);
    expect(refused.map(([, again]) => again)).toEqual([true, false]);
    expect(fake.server().requests).toHaveLength(2);
    if (!got.ok) expect(got.error).toBe(refused[1]![0]);
  });

  it('a refusal is read as its text, and refused like any answer without JSON', async () => {
    fake.server().script([{ refusal: 'I will not.' }, { text: '{"n": 2}' }]);
    const { run } = ask();
    expect(await run).toEqual({ ok: true, value: 2 });
    expect(fake.server().requests[1]!.body.messages.at(-2)).toEqual({ role: 'assistant', content: '(refused: I will not.)' });
  });

  it('a failed call rejects, as the client does', async () => {
    fake.server().script([{ status: 500 }]);
    await expect(ask().run).rejects.toThrow();
  });
});
