import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallContext, openaiModelClient } from '../../src/adapters/model-client.js';
import { modelConfig } from '../../src/adapters/model-config.js';
import { ModelBehaviorError, StoppedError } from '../../src/errors.js';
import { type FakeOpenAI, type Reply, startFakeOpenAI, type StreamShape } from '../helpers/fake-openai.js';

// The streamed path of the client (what the TUI uses) against the fake server, through the real SDK.

const KEY = 'sk-test-key-123456';
let server: FakeOpenAI;
beforeEach(async () => {
  server = await startFakeOpenAI();
});
afterEach(async () => {
  await server.close();
});

const client = (over: { retries?: number; timeout?: number; cache?: string } = {}) =>
  openaiModelClient({
    ...modelConfig({ baseUrl: server.url, model: 'fake', retries: over.retries ?? 0, timeout: over.timeout ?? 5 }, {}),
    apiKey: KEY,
    cacheFile: over.cache ?? null,
  });

const request = { model: 'fake', messages: [{ role: 'user' as const, content: 'hi' }], tools: [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } }] };

/** A call context that keeps every partial text and note. */
function watch(extra: Partial<CallContext> = {}) {
  const deltas: string[] = [];
  const notes: string[] = [];
  const ctx: CallContext = { onDelta: (text) => void deltas.push(text), note: (_level, text) => void notes.push(text), ...extra };
  return { ctx, deltas, notes };
}

const parallel: Reply = {
  toolCalls: [
    { name: 'lookup', arguments: { booking_id: 'BK-4411', passengers: ['Ada', 'Grace'] }, id: 'call_a' },
    { name: 'lookup', arguments: '{"booking_id": ', id: 'call_b' },
  ],
  text: 'Checking both.',
};

describe('openaiModelClient with onDelta', () => {
  it.each<[string, Reply]>([
    ['a text answer', { text: 'Sorry to hear that. What is your booking reference?' }],
    ['parallel tool calls whose arguments arrive in pieces', parallel],
    ['a refusal', { refusal: 'I cannot help with that.' }],
    ['an empty answer', { empty: true }],
  ])('streams %s into the same answer as a plain call', async (_name, reply) => {
    server.script([reply, { stream: { pieceChars: 3 }, then: reply }]);
    const c = client();
    const plain = await c.chat(request);
    const { ctx, deltas, notes } = watch();
    const streamed = await c.chat(request, ctx);
    expect(streamed).toEqual(plain);
    expect(server.requests.map((r) => r.body.stream)).toEqual([undefined, true]);
    expect(notes).toEqual([]);
    // Each partial text grows from the one before, ending with all of the answer.
    for (const [i, text] of deltas.entries()) if (i > 0) expect(text.startsWith(deltas[i - 1]!) && text.length > deltas[i - 1]!.length).toBe(true);
    const whole = [plain.content, plain.refusal, ...plain.toolCalls.map((t) => `${t.name} ${t.arguments}`)].filter(Boolean).join('\n');
    expect(deltas.at(-1) ?? '').toBe(whole);
  });

  it('gives partial texts piece by piece, tool-call arguments included', async () => {
    server.script([{ stream: { pieceChars: 4 }, then: parallel }]);
    const { ctx, deltas } = watch();
    const answer = await client().chat(request, ctx);
    expect(answer.toolCalls).toEqual([
      { id: 'call_a', name: 'lookup', arguments: '{"booking_id":"BK-4411","passengers":["Ada","Grace"]}' },
      { id: 'call_b', name: 'lookup', arguments: '{"booking_id": ' },
    ]);
    expect(deltas.length).toBeGreaterThan(15);
    expect(deltas).toContain('Checking both.\nlookup {"booking_id":"BK-44');
    expect(deltas.some((d) => d.endsWith('\nlookup'))).toBe(true); // the second call before any of its arguments
  });

  it('a cache hit answers at once, without streaming', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'synthagent-stream-cache-')), 'cache.json');
    server.script([{ text: 'cached words' }]);
    const c = client({ cache: file });
    const first = watch();
    expect(await c.chat(request, first.ctx)).toMatchObject({ content: 'cached words' });
    expect(first.deltas.at(-1)).toBe('cached words');
    const again = watch();
    expect(await c.chat(request, again.ctx)).toMatchObject({ content: 'cached words' });
    expect(again.deltas).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});

describe('a stream that breaks', () => {
  const broken = (breakWith: StreamShape['breakWith']): Reply => ({ stream: { pieceChars: 2, breakAfter: 4, breakWith }, then: { text: 'half an answer, then nothing' } });

  it.each<[NonNullable<StreamShape['breakWith']>, RegExp]>([
    ['destroy', /model stream broke: terminated \(attempt 1 of 2\)/],
    ['end', /model stream broke: the stream ended before the answer was complete \(attempt 1 of 2\)/],
    ['error', /model stream broke: .*fake server: stream broke \(attempt 1 of 2\)/],
    ['stall', /model stream broke: no data from the model server for 1 s \(attempt 1 of 2\)/],
  ])('(%s) is a failed attempt: a note, the text starts over, and the next attempt answers', async (breakWith, note) => {
    server.script([broken(breakWith), { stream: { pieceChars: 50 }, then: { text: 'Whole answer.' } }]);
    const { ctx, deltas, notes } = watch();
    // Only a stall needs a short timeout to be seen; a longer one elsewhere keeps a loaded machine from timing out the good attempt.
    const answer = await client({ retries: 1, timeout: breakWith === 'stall' ? 1 : 10 }).chat(request, ctx);
    expect(answer).toEqual({ content: 'Whole answer.', refusal: null, toolCalls: [] });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(note);
    expect(deltas).toEqual(['ha', 'half', 'half a', '', 'Whole answer.']);
    expect(server.requests).toHaveLength(2);
  });

  it('with no attempts left, the call fails with the reason, and the key never shows', async () => {
    server.script(() => broken('destroy'));
    const { ctx, notes } = watch();
    const call = client({ retries: 2 }).chat(request, ctx);
    await expect(call).rejects.toBeInstanceOf(ModelBehaviorError);
    await expect(call).rejects.toThrow('model call failed: terminated');
    expect(notes).toEqual([1, 2, 3].map((n) => `model stream broke: terminated (attempt ${n} of 3)`));
    expect(server.requests).toHaveLength(3);
  });

  it('HTTP errors before a stream use the same attempts as a broken stream', async () => {
    server.script([{ status: 500 }, broken('destroy'), { text: 'never asked' }]);
    const { ctx, notes } = watch();
    await expect(client({ retries: 1 }).chat(request, ctx)).rejects.toThrow('model call failed: terminated');
    expect(notes).toEqual(['model server answered HTTP 500 (attempt 1 of 2)', 'model stream broke: terminated (attempt 2 of 2)']);
    expect(server.requests).toHaveLength(2);
  });

  it('an error that echoes the key is redacted', async () => {
    server.script(() => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } } }));
    const { ctx, notes } = watch();
    const failure = await client().chat(request, ctx).catch((err: Error) => err);
    expect(String(failure)).toContain('[redacted]');
    expect(JSON.stringify([String(failure), notes])).not.toContain(KEY);
  });

  it('stops at once, with no retry, when the call is aborted mid-stream', async () => {
    let release!: () => void;
    const until = new Promise<void>((r) => (release = r));
    server.script(() => ({ stream: { pieceChars: 2, pauseAfter: 3, until }, then: { text: 'never finished' } }));
    const abort = new AbortController();
    const { ctx, deltas, notes } = watch({ signal: abort.signal });
    const call = client({ retries: 2 }).chat(request, ctx);
    await expect.poll(() => deltas.length).toBe(2);
    abort.abort();
    await expect(call).rejects.toBeInstanceOf(StoppedError);
    release();
    expect(notes).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});

describe('a server that will not stream', () => {
  it('is asked again without streaming (a note), and not asked to stream again', async () => {
    server.script((req) => (req.body.stream ? { status: 400, body: { error: { message: 'stream is not supported', type: 'invalid_request_error' } } } : { text: 'plain answer' }));
    const c = client({ retries: 2 });
    const { ctx, deltas, notes } = watch();
    expect(await c.chat(request, ctx)).toEqual({ content: 'plain answer', refusal: null, toolCalls: [] });
    expect(notes).toEqual([expect.stringMatching(/^model server refused a streamed request \(400 stream is not supported\); asking without streaming$/)]);
    expect(deltas).toEqual([]);
    await c.chat(request, ctx);
    expect(server.requests.map((r) => r.body.stream)).toEqual([true, undefined, undefined]);
  });

  it('a request that fails either way ends in the error, and streaming is tried again next time', async () => {
    server.script([{ status: 400 }, { status: 400 }, { text: 'streamed after all' }]);
    const c = client();
    const first = watch();
    await expect(c.chat(request, first.ctx)).rejects.toThrow('model call failed: 400');
    const second = watch();
    expect(await c.chat(request, second.ctx)).toMatchObject({ content: 'streamed after all' });
    expect(server.requests.map((r) => r.body.stream)).toEqual([true, undefined, true]);
  });
});

/** Issue 15, finding 3: a 429 asking to wait for hours held the tool for hours. */
describe('Retry-After is capped by --timeout', () => {
  it.each([
    ['retry-after', '36000'],
    ['retry-after-ms', '36000000'],
    ['retry-after', 'Fri, 31 Dec 2100 23:59:59 GMT'],
  ])('%s: %s waits at most the timeout (1 s) before the retry', async (header, value) => {
    server.script([{ status: 429, headers: { [header]: value } }, { text: 'ok' }]);
    const answer = await client({ retries: 1, timeout: 1 }).chat({ ...request, tools: [] });
    expect(answer).toMatchObject({ content: 'ok' });
    expect(server.requests).toHaveLength(2);
  });
});

describe('model-call cache', () => {
  it('answers a repeated call from disk and explains a miss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthagent-cache-'));
    const file = join(dir, 'cache.json');
    server.script(() => ({ text: 'Is there anything else?' }));
    const notes: string[] = [];
    const note = (_l: string, t: string) => void notes.push(t);
    const c = client({ cache: file });
    const req = { model: 'fake', messages: [{ role: 'user' as const, content: 'hi' }] };
    await c.chat(req, { note });
    await c.chat(req, { note });
    expect(server.requests).toHaveLength(1);
    await c.chat({ ...req, messages: [...req.messages, { role: 'user' as const, content: 'more' }] }, { note });
    expect(notes.at(-1)).toMatch(/messages differ .* at message 2 of 2/);
    await c.chat({ ...req, model: 'other' }, { note });
    expect(notes.at(-1)).toContain('model differs');
    expect(readFileSync(file, 'utf8')).not.toContain('sk-test-key-123456');
  });
});
