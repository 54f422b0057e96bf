import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { checkToken, HttpError, jsonHandler, readJsonBody, sendError, sendJson } from '../../src/serve/http-json.js';

/** A request body as the server sees it, in the chunks given. */
function request(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  const stream = new PassThrough();
  for (const c of chunks) stream.write(c);
  stream.end();
  return Object.assign(stream, { headers }) as unknown as IncomingMessage;
}

const refusal = async (p: Promise<unknown>): Promise<HttpError> => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    return err as HttpError;
  }
  throw new Error('expected a refusal');
};

describe('readJsonBody', () => {
  it.each<[string[], unknown]>([
    [['{"a": 1}'], { a: 1 }],
    [['{"a"', ': [1, ', '2]}'], { a: [1, 2] }],
    [['"é"'], 'é'],
    [[], undefined],
    [['  \n '], undefined],
  ])('%j → %j', async (chunks, value) => expect(await readJsonBody(request(chunks))).toEqual(value));

  it('a body that is not JSON: 400 bad_json', async () => {
    const err = await refusal(readJsonBody(request(['{nope'])));
    expect([err.status, err.code]).toEqual([400, 'bad_json']);
    expect(err.message).toMatch(/^the request body is not JSON: /);
  });

  it('a body over the limit: 413, even when it arrives in small chunks', async () => {
    const err = await refusal(readJsonBody(request(['{"a": "', 'x'.repeat(10), '"}']), 8));
    expect([err.status, err.code, err.message]).toEqual([413, 'body_too_large', 'the request body is over 8 bytes']);
    expect(await readJsonBody(request(['"1234"']), 6)).toBe('1234'); // exactly the limit is fine
  });
});

describe('checkToken', () => {
  it.each<[string | undefined, Record<string, string>, string | null]>([
    [undefined, {}, null],
    [undefined, { authorization: 'Bearer anything' }, null],
    ['s3cret', { authorization: 'Bearer s3cret' }, null],
    ['s3cret', {}, 'this server needs Authorization: Bearer <token>'],
    ['s3cret', { authorization: 'Bearer wrong!' }, 'wrong token'],
    ['s3cret', { authorization: 'Bearer s3cret2' }, 'wrong token'],
    ['s3cret', { authorization: 's3cret' }, 'wrong token'],
    ['s3cret', { authorization: 'bearer s3cret' }, 'wrong token'],
  ])('token %j, headers %j', (token, headers, message) => {
    const req = { headers } as IncomingMessage;
    if (message === null) return expect(() => checkToken(req, token)).not.toThrow();
    try {
      checkToken(req, token);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError);
      expect(err).toMatchObject({ status: 401, code: 'unauthorized', message, headers: { 'www-authenticate': 'Bearer' } });
    }
  });
});

describe('sendJson, sendError and jsonHandler over HTTP', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  });

  async function serve(route: Parameters<typeof jsonHandler>[0]): Promise<string> {
    server = createServer(jsonHandler(route));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('sends a JSON body with its length and type', async () => {
    const url = await serve(async (_req, res) => sendJson(res, 201, { ok: 'é' }, { 'x-extra': '1' }));
    const res = await fetch(url);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength('{"ok":"é"}')));
    expect(res.headers.get('x-extra')).toBe('1');
    expect(await res.json()).toEqual({ ok: 'é' });
  });

  it('a thrown HttpError is its JSON answer, with its headers', async () => {
    const url = await serve(async () => {
      throw new HttpError(404, 'no_session', 'no such session', { 'x-why': 'gone' });
    });
    const res = await fetch(url);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-why')).toBe('gone');
    expect(await res.json()).toEqual({ error: { code: 'no_session', message: 'no such session' } });
  });

  it('anything else thrown is a 500 internal, and the server goes on', async () => {
    let n = 0;
    const url = await serve(async (_req, res) => {
      if (n++ === 0) throw new TypeError('boom');
      sendJson(res, 200, { n });
    });
    const first = await fetch(url);
    expect(first.status).toBe(500);
    expect(await first.json()).toEqual({ error: { code: 'internal', message: 'boom' } });
    expect(await (await fetch(url)).json()).toEqual({ n: 2 });
  });

  it('a second answer to one request is dropped, not a crash', async () => {
    const url = await serve(async (_req, res) => {
      sendJson(res, 200, { first: true });
      sendError(res, new HttpError(500, 'late', 'too late'));
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ first: true });
  });
});
