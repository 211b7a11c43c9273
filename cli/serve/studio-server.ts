/**
 * The browser mode's server: the built renderer over HTTP and the StudioApi over a WebSocket, on
 * 127.0.0.1 only. A random token gates both: the page loads only from the tokenised URL (which
 * then sets a same-site cookie for its assets), and the socket upgrade needs the token plus an
 * Origin of this very server, so another site open in the browser cannot drive the engine.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StudioEvent } from '../../engine/contract.js';
import { toWireStudioError } from '../../engine/host/host-error.js';
import { handleRequest, type StudioHandlers } from '../../engine/host/studio-handlers.js';
import { sendStatic } from './static-files.js';

export interface StudioServerOptions {
  /** Folder of the built renderer (holds index.html). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Builds the handlers once the server knows how to broadcast events. */
  createHandlers: (emit: (event: StudioEvent) => void) => StudioHandlers;
  /** Fixed token for tests; random otherwise. */
  token?: string;
}

export interface StudioServer {
  /** `http://127.0.0.1:PORT/?token=...`: the one URL that opens the window. */
  url: string;
  port: number;
  token: string;
  /** The WebSocket endpoint (token still required). */
  wsUrl: string;
  close(): Promise<void>;
}

/** The path of the contract's WebSocket. */
export const WS_PATH = '/ws';
const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function sameSecret(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      // React Flow positions nodes with inline styles.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src 'self' ws://${HOST}:${port} ws://localhost:${port}`,
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    // The token is in the page URL: never leak it in a Referer.
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/**
 * Starts the server; resolves once it listens.
 *
 * @example
 * const server = await startStudioServer({ staticDir: 'dist/renderer', createHandlers: (emit) => createStudioHandlers({ ...deps, emit }).handlers });
 * console.log(server.url);
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const sockets = new Set<WebSocket>();
  const emit = (event: StudioEvent) => {
    const text = JSON.stringify({ event });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(text);
  };
  const handlers = options.createHandlers(emit);
  let port = 0;
  // Cookies are per host, not per port: name it after the port so two servers do not clash.
  const cookieName = () => `studio_token_${port}`;
  const allowedHosts = () => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const headers = securityHeaders(port);
    // A foreign Host header means DNS rebinding or a proxy: neither may reach the studio.
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('This server answers only on 127.0.0.1.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const fromQuery = sameSecret(url.searchParams.get('token'), token);
    if (!fromQuery && !sameSecret(cookieValue(req, cookieName()), token)) {
      res
        .writeHead(401, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
        .end('Lifecycle Studio: this page needs its token. Open the full URL that `lifecycle-studio serve` printed (it ends in ?token=...).\n');
      return;
    }
    if (fromQuery) headers['set-cookie'] = `${cookieName()}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    void sendStatic(options.staticDir, url.pathname, res, headers).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Cannot serve ${url.pathname}: ${(err as Error).message}`);
    });
  };

  const server = createServer(onRequest);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const refuse = (socket: Duplex, status: number, reason: string) => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname !== WS_PATH) return refuse(socket, 404, 'Not Found');
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(socket, 421, 'Misdirected Request');
    // Browsers always send Origin on a WebSocket; only pages served by this server may connect.
    if (!allowedOrigins().has(req.headers.origin ?? '')) return refuse(socket, 403, 'Forbidden origin');
    if (!sameSecret(url.searchParams.get('token'), token) && !sameSecret(cookieValue(req, cookieName()), token)) {
      return refuse(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => void answer(ws, data.toString()));
    });
  });

  const answer = async (ws: WebSocket, text: string) => {
    let id: unknown = null;
    try {
      const message = JSON.parse(text) as { id?: unknown; method?: unknown; args?: unknown };
      if (!message || typeof message !== 'object') throw Object.assign(new Error('expected a JSON object {id, method, args}'), { code: 'BAD_REQUEST' });
      id = message.id;
      if (typeof id !== 'number' && typeof id !== 'string') {
        throw Object.assign(new Error('expected "id" to be a number or a string'), { code: 'BAD_REQUEST' });
      }
      const result = await handleRequest(handlers, message.method, message.args ?? []);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
    } catch (err) {
      const error = err instanceof SyntaxError ? { code: 'BAD_REQUEST', message: `the message is not JSON: ${err.message}` } : toWireStudioError(err);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, error }));
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    wsUrl: `ws://${HOST}:${port}${WS_PATH}?token=${token}`,
    port,
    token,
    close: async () => {
      for (const s of sockets) s.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
