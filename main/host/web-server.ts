import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame } from '../../shared/contract/frames';
import { LodeError } from '../../shared/errors';
import type { Host } from './host';

export interface WebServerOptions {
  readonly host: Host;
  /** Built renderer (out/renderer); when null only the contract is served. */
  readonly rendererDir: string | null;
  readonly port?: number;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const COOKIE = 'lode_token';
const SOCKET_PATH = '/lode';
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

function tokenFrom(req: IncomingMessage, url: URL): string | null {
  const header = req.headers['x-lode-token'];
  if (typeof header === 'string') return header;
  const query = url.searchParams.get('token');
  if (query) return query;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return null;
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      `connect-src 'self' ws://127.0.0.1:${port}`,
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/**
 * `lode web`: the renderer and the contract on 127.0.0.1 only. A random token, printed in the URL
 * and then kept in an HttpOnly cookie, is required for every page and for the socket; the socket
 * also checks the Origin so another site open in the same browser cannot drive the host.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = randomBytes(24).toString('base64url');
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;

  const serveFile = async (res: ServerResponse, pathname: string): Promise<void> => {
    if (!options.rendererDir) {
      res.writeHead(404).end('this host serves the contract only');
      return;
    }
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '');
    const file = join(options.rendererDir, relative);
    if (!file.startsWith(options.rendererDir + sep) || relative.split(sep).includes('..')) {
      res.writeHead(400).end('bad path');
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...securityHeaders(port), 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  };

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!sameToken(tokenFrom(req, url), token)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Lode: this address needs its access token. Open the full URL that `lode web` printed.\n');
      return;
    }
    if (url.searchParams.has('token')) {
      // Move the token from the address bar into a cookie the page cannot read.
      res.writeHead(302, { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`, Location: '/' });
      res.end();
      return;
    }
    serveFile(res, url.pathname).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== SOCKET_PATH) return refuse(socket, '404 Not Found');
    if (!sameToken(tokenFrom(req, url), token)) return refuse(socket, '401 Unauthorized');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return refuse(socket, '403 Forbidden');
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options.host));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new LodeError('bad_input', `port ${options.port} is already in use.`, {
              field: 'port',
              hint: 'Choose another with --port, or 0 for any free port.',
            })
          : err,
      ),
    );
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function frameData(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function serveSocket(ws: WebSocket, host: Host): void {
  const send = (message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(message));
  };
  const unsubscribe = host.events.subscribe(send);
  ws.on('close', unsubscribe);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    let raw: unknown;
    try {
      const frame = frameData(data);
      raw = decodeFrame(isBinary ? frame : new TextDecoder().decode(frame));
    } catch {
      raw = undefined;
    }
    host.dispatcher
      .handle(raw, { transport: 'websocket' })
      .then((result) => result && send(result))
      .catch(() => ws.close(1011, 'internal error'));
  });
}
