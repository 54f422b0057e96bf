import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, sendError } from './http-json.js';

export interface Listening {
  port: number;
  /** The base URL, e.g. http://127.0.0.1:8765 */
  url: string;
  /** Stops taking connections and ends the open ones (call it once the sessions are saved). */
  close: () => Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** A loopback name or an IPv4 literal in 127.0.0.0/8 (not any name that starts "127.": 127.0.0.1.evil.example is a web page's). */
function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host);
}

/**
 * Serves `handler` on host:port (port 0: any free port). Bound to a loopback address, it answers only
 * requests addressed to one (the Host header), so a web page cannot reach it through DNS rebinding.
 * A malformed request gets a 400 and the server goes on.
 */
export function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, host: string, port: number): Promise<Listening> {
  const local = isLoopback(host);
  const server = createServer((req, res) => {
    if (local) {
      const name = hostName(req.headers.host ?? '');
      if (!isLoopback(name)) return sendError(res, new HttpError(421, 'bad_host', `this server listens on ${host} and answers only requests addressed to it (Host: ${req.headers.host ?? 'none'})`));
    }
    handler(req, res);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: bound } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        port: bound,
        url: `http://${shown}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The host name of a Host header, without its port. */
function hostName(header: string): string {
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  return header.split(':')[0] ?? '';
}
