import OpenAI, { APIConnectionError, APIConnectionTimeoutError } from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI, type Script } from './fake-openai.js';

// Drives the fake server through the real SDK, so the helper is proven against what model roles will use.

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(script: Script, opts: { maxRetries?: number; timeout?: number } = {}) {
  server = await startFakeOpenAI(script);
  const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: opts.maxRetries ?? 0, timeout: opts.timeout ?? 2_000 });
  return { client, server };
}

const tools: OpenAI.Chat.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { id: { type: 'number' } } } } },
];
const ask = (client: OpenAI, extra: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming> = {}) =>
  client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('fake OpenAI server', () => {
  it('answers a text reply and records the parsed request', async () => {
    const { client, server } = await clientFor([{ text: 'hello' }]);
    const res = await ask(client, { tools });
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('fake-model');
    expect(res.choices[0]?.finish_reason).toBe('stop');
    expect(res.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'hello', refusal: null });
    expect(res.usage?.total_tokens).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(req?.headers.authorization).toBe('Bearer test');
    expect(req?.body).toMatchObject({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], tools });
  });

  it('sends tool calls with object arguments stringified and string arguments verbatim', async () => {
    const { client } = await clientFor([
      { toolCalls: [{ name: 'lookup', arguments: { id: 1 } }, { name: 'lookup', arguments: '{"id": ', id: 'call_custom' }] },
      { toolCalls: [{ name: 'lookup', arguments: {} }], text: 'checking' },
    ]);
    const first = (await ask(client, { tools })).choices[0];
    expect(first?.finish_reason).toBe('tool_calls');
    expect(first?.message.content).toBeNull();
    expect(first?.message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"id":1}' } },
      { id: 'call_custom', type: 'function', function: { name: 'lookup', arguments: '{"id": ' } },
    ]);
    const second = (await ask(client, { tools })).choices[0];
    expect(second?.message.content).toBe('checking');
    expect(second?.message.tool_calls?.[0]?.id).toBe('call_2'); // ids stay unique across turns
  });

  it.each([
    ['refusal', { refusal: 'I cannot help with that' }, { content: null, refusal: 'I cannot help with that' }],
    ['empty', { empty: true as const }, { content: null, refusal: null }],
  ])('answers a %s reply', async (_name, reply, expected) => {
    const { client } = await clientFor([reply]);
    const choice = (await ask(client)).choices[0];
    expect(choice?.finish_reason).toBe('stop');
    expect(choice?.message).toMatchObject(expected);
    expect(choice?.message.tool_calls).toBeUndefined();
  });

  it('lets the SDK retry a 500 and succeed', async () => {
    const { client, server } = await clientFor([{ status: 500 }, { text: 'second time lucky' }], { maxRetries: 1 });
    const res = await ask(client);
    expect(res.choices[0]?.message.content).toBe('second time lucky');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
  });

  it('honours retry-after-ms on a 429', async () => {
    const { client, server } = await clientFor([{ status: 429, headers: { 'retry-after-ms': '1' } }, { text: 'ok' }], { maxRetries: 1 });
    const started = Date.now();
    expect((await ask(client)).choices[0]?.message.content).toBe('ok');
    expect(Date.now() - started).toBeLessThan(250); // the SDK's own first backoff is 375–500 ms
    expect(server.requests).toHaveLength(2);
  });

  it('surfaces error status and body as SDK errors', async () => {
    const { client } = await clientFor([
      { status: 400, body: { error: { message: 'bad tools', type: 'invalid_request_error' } } },
    ]);
    await expect(ask(client)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('bad tools') });
    // The queue is now exhausted.
    await expect(ask(client)).rejects.toMatchObject({ status: 500, message: expect.stringContaining('fake server: script exhausted') });
  });

  it('serves raw invalid JSON, which the SDK fails to parse', async () => {
    const { client } = await clientFor([{ raw: '{"choices": [' }]);
    await expect(ask(client)).rejects.toThrow(SyntaxError);
  });

  it('delays a reply: the SDK times out when its timeout is shorter', async () => {
    const { client, server } = await clientFor([{ delayMs: 5_000, then: { text: 'too late' } }, { delayMs: 5, then: { text: 'on time' } }], { timeout: 50 });
    await expect(ask(client)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    // A generous timeout for the second: a loaded machine can take more than 50 ms to answer at all.
    const onTime = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }, { timeout: 30_000 });
    expect(onTime.choices[0]?.message.content).toBe('on time');
    expect(server.requests).toHaveLength(2);
  });

  it('hangs until close(), which fails the pending request', async () => {
    const { client, server } = await clientFor([{ hang: true }]);
    const pending = ask(client);
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    await server.close();
    await expect(pending).rejects.toBeInstanceOf(APIConnectionError);
  });

  it('streams text that the SDK assembles', async () => {
    const { client } = await clientFor([{ text: 'hello world' }]);
    const stream = await client.chat.completions.create({
      model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true },
    });
    let content = '';
    const finishes: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]) finishes.push(chunk.choices[0].finish_reason);
      usage ??= chunk.usage;
    }
    expect(content).toBe('hello world');
    expect(finishes.at(-1)).toBe('stop');
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it('streams tool calls that assemble by index, also through the SDK stream helper', async () => {
    const toolCalls = [{ name: 'lookup', arguments: { id: 7 } }, { name: 'lookup', arguments: 'not json' }];
    const { client, server } = await clientFor([{ toolCalls }, { toolCalls }]);
    const stream = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], tools, stream: true });
    const calls: { id?: string; name: string; arguments: string }[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      finish = choice?.finish_reason ?? finish;
      for (const d of choice?.delta.tool_calls ?? []) {
        const call = (calls[d.index] ??= { name: '', arguments: '' });
        call.id ??= d.id;
        call.name += d.function?.name ?? '';
        call.arguments += d.function?.arguments ?? '';
      }
    }
    expect(finish).toBe('tool_calls');
    expect(calls).toEqual([
      { id: 'call_1', name: 'lookup', arguments: '{"id":7}' },
      { id: 'call_2', name: 'lookup', arguments: 'not json' },
    ]);

    const final = await client.chat.completions.stream({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], tools }).finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.choices[0]?.message.tool_calls?.map((c) => c.type === 'function' && c.function.arguments)).toEqual(['{"id":7}', 'not json']);
    expect(server.requests.map((r) => r.body.stream)).toEqual([true, true]);
  });

  it.each([
    ['text', { text: 'hi there' }, { content: 'hi there', refusal: null }],
    ['refusal', { refusal: 'no' }, { content: null, refusal: 'no' }],
    ['empty', { empty: true as const }, { content: null, refusal: null }],
  ])('streams a %s reply that the SDK stream helper finalizes', async (_name, reply, expected) => {
    const { client } = await clientFor([reply]);
    const final = await client.chat.completions.stream({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(final.choices[0]?.message).toMatchObject({ role: 'assistant', ...expected });
  });

  it('cuts streamed content and tool-call arguments into pieces of pieceChars', async () => {
    const { client } = await clientFor([{ stream: { pieceChars: 3 }, then: { toolCalls: [{ name: 'lookup', arguments: { id: 12345 } }], text: 'checking' } }]);
    const stream = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], tools, stream: true });
    const deltas: OpenAI.Chat.ChatCompletionChunk.Choice.Delta[] = [];
    for await (const chunk of stream) if (chunk.choices[0]) deltas.push(chunk.choices[0].delta);
    expect(deltas.flatMap((d) => (d.content ? [d.content] : []))).toEqual(['che', 'cki', 'ng']);
    expect(deltas.flatMap((d) => d.tool_calls ?? [])).toEqual([
      { index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '' } },
      ...['{"i', 'd":', '123', '45}'].map((piece) => ({ index: 0, function: { arguments: piece } })),
    ]);
  });

  it('a stream shape is ignored by a plain request', async () => {
    const { client } = await clientFor([{ stream: { pieceChars: 1, breakAfter: 1 }, then: { text: 'whole' } }]);
    expect((await ask(client)).choices[0]?.message.content).toBe('whole');
  });

  it('holds a stream after pauseAfter chunks until the promise settles', async () => {
    let release!: () => void;
    const until = new Promise<void>((r) => (release = r));
    const { client } = await clientFor([{ stream: { pieceChars: 2, pauseAfter: 3, until }, then: { text: 'abcdef' } }]);
    const stream = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const chunks = stream[Symbol.asyncIterator]();
    const got: string[] = [];
    for (let i = 0; i < 3; i++) got.push((await chunks.next()).value?.choices[0]?.delta.content ?? '');
    expect(got.join('')).toBe('abcd');
    let more = false;
    const next = chunks.next().then((r) => ((more = true), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(more).toBe(false);
    release();
    expect((await next).value?.choices[0]?.delta.content).toBe('ef');
  });

  it.each([
    ['destroy', (p: Promise<unknown>) => expect(p).rejects.toThrow(/terminated/)],
    ['error', (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ message: expect.stringContaining('stream broke') })],
    ['end', (p: Promise<unknown>) => expect(p).resolves.toEqual({ text: 'he', finish: null })],
  ] as const)('breaks a stream after breakAfter chunks with %s', async (breakWith, outcome) => {
    const { client } = await clientFor([{ stream: { pieceChars: 1, breakAfter: 3, breakWith }, then: { text: 'hello' } }]);
    const read = async () => {
      const stream = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], stream: true });
      let text = '';
      let finish: string | null = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      return { text, finish };
    };
    await outcome(read());
  });

  it('stalls a stream with breakWith: stall until the client gives up', async () => {
    const { client, server } = await clientFor([{ stream: { breakAfter: 2, breakWith: 'stall' }, then: { text: 'hello' } }]);
    const stream = await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const chunks = stream[Symbol.asyncIterator]();
    await chunks.next();
    await chunks.next();
    const pending = chunks.next();
    await server.close();
    await expect(pending).rejects.toThrow();
  });

  it('runs a function script with the request and its index, and script() replaces it', async () => {
    const { client, server } = await clientFor((req, index) => ({ text: `${index}:${req.body.messages.at(-1).content}` }));
    expect((await ask(client)).choices[0]?.message.content).toBe('0:hi');
    expect((await ask(client)).choices[0]?.message.content).toBe('1:hi');
    server.script([{ text: 'queued' }]);
    expect((await ask(client)).choices[0]?.message.content).toBe('queued');
    server.script(() => {
      throw new Error('boom');
    });
    await expect(ask(client)).rejects.toMatchObject({ status: 500, message: expect.stringContaining('boom') });
  });

  it('answers 404 JSON for other routes and still records them', async () => {
    const { server } = await clientFor([]);
    const res = await fetch(`${server.url}/models`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining('GET /v1/models') } });
    expect(server.requests).toMatchObject([{ method: 'GET', path: '/v1/models', body: '' }]);
  });
});
