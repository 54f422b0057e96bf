import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Listening, listen } from '../../src/serve/listen.js';
import { until } from '../helpers/ink.js';

let open: Listening | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

/** A GET with the Host header given, answered as status and body. */
function get(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ok = (_req: unknown, res: { end: (s: string) => void }): void => res.end('ok');

describe('listen', () => {
  it('port 0: a free port, and the URL to reach it', async () => {
    open = await listen(ok as never, '127.0.0.1', 0);
    expect(open.port).toBeGreaterThan(0);
    expect(open.url).toBe(`http://127.0.0.1:${open.port}`);
    expect(await (await fetch(open.url)).text()).toBe('ok');
  });

  it.each<[string, number]>([
    ['127.0.0.1', 200],
    ['localhost', 200],
    ['127.0.0.2', 200],
    ['[::1]', 200],
    ['127.255.255.254', 200],
    ['evil.example', 421],
    // DNS rebinding: a name of the attacker's that starts like a loopback address.
    ['127.0.0.1.evil.example', 421],
    ['127.evil.example', 421],
    ['localhost.evil.example', 421],
    ['127.0.0.256', 421],
  ])('bound to loopback, a request addressed to %j: %d', async (name, status) => {
    open = await listen(ok as never, '127.0.0.1', 0);
    const res = await get(open.port, `${name}:${open.port}`);
    expect(res.status).toBe(status);
    if (status === 421) expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'bad_host' } });
  });

  it('a malformed request gets a 400 and the server goes on', async () => {
    open = await listen(ok as never, '127.0.0.1', 0);
    const port = open.port;
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect((await get(port, `127.0.0.1:${port}`)).status).toBe(200);
  });

  it('a port in use is refused (rejects), not a crash', async () => {
    open = await listen(ok as never, '127.0.0.1', 0);
    await expect(listen(ok as never, '127.0.0.1', open.port)).rejects.toThrow(/EADDRINUSE/);
  });

  it('close ends open connections too', async () => {
    let arrived = false;
    open = await listen(((_req: unknown, _res: unknown) => void (arrived = true)) as never, '127.0.0.1', 0); // never answers
    const hanging = fetch(open.url).catch((e: unknown) => e);
    await until(() => arrived, 'the request to arrive', 30_000);
    await open.close();
    open = null;
    expect(await hanging).toBeInstanceOf(Error);
  });
});
