/**
 * The browser mode's server: the built renderer over HTTP and the StudioApi over a WebSocket, on
 * 127.0.0.1 only. A random token gates both: the page loads from the tokenised URL (which sets a
 * cookie holding an HMAC of the token, good for static GETs only, so reloads and assets load), and
 * the socket upgrade needs the token itself in Sec-WebSocket-Protocol plus an Origin of this very
 * server, so neither another site open in the browser nor another local server that received the
 * cookie can drive the engine. A misbehaving client only ever loses its own connection.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { STUDIO_WS_PROTOCOL } from '../../engine/contract-names.js';
import type { StudioEvent } from '../../engine/contract.js';
import type { StudioHandlers } from '../../hosts/shared/studio-handlers.js';
import { cookieValue, sameSecret, staticCookieSecret, tokenFromProtocols } from './auth.js';
import { sendStatic } from './static-files.js';
import { attachSession, type SessionLimits } from './ws-session.js';

export interface StudioServerOptions {
  /** Folder of the built renderer (holds index.html). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Builds the handlers once the server knows how to broadcast events. */
  createHandlers: (emit: (event: StudioEvent) => void) => StudioHandlers;
  /** Fixed token for tests; random otherwise. */
  token?: string;
  /** Caps on clients; the defaults suit one person with a few tabs open. */
  limits?: Partial<ServerLimits>;
  /** Hears why a client was dropped (default: stderr). */
  log?: (line: string) => void;
}

export interface ServerLimits extends SessionLimits {
  /** Open WebSocket clients at once; one more is accepted and closed with 1013 (try again later). */
  maxConnections: number;
}

export interface StudioServer {
  /** `http://127.0.0.1:PORT/?token=...`: the one URL that opens the window. */
  url: string;
  port: number;
  token: string;
  /** The WebSocket endpoint; open it with `studioWsProtocols(token)` as subprotocols. */
  wsUrl: string;
  close(): Promise<void>;
}

/** The path of the contract's WebSocket. */
export const WS_PATH = '/ws';
const HOST = '127.0.0.1';
/**
 * The largest message a client may send. The biggest thing the window sends is one pipeline
 * document; the samples weigh 520-740 bytes a node (pretty-printed), so 4 MiB holds over 5,000
 * nodes, while a client can make the server buffer at most 4 MiB per connection (x 16 connections).
 * ws refuses a bigger frame from its header alone, before buffering it, and closes with 1009.
 */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_LIMITS: ServerLimits = { maxConnections: 16, maxInFlight: 64 };

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

/** Answers an unparseable HTTP request itself, so the reason is in the body and a reset socket is just dropped. */
function onClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = `Lifecycle Studio could not read this HTTP request (${err.code ?? err.message}).\n`;
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
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
  const cookieSecret = staticCookieSecret(token);
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => process.stderr.write(`serve: ${line}\n`));
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
    // Static GETs are all there is: the cookie's HMAC may therefore never authorise anything else.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const fromQuery = sameSecret(url.searchParams.get('token'), token);
    if (!fromQuery && !sameSecret(cookieValue(req, cookieName()), cookieSecret)) {
      res
        .writeHead(401, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
        .end('Lifecycle Studio: this page needs its token. Open the full URL that `lifecycle-studio serve` printed (it ends in ?token=...).\n');
      return;
    }
    if (fromQuery) headers['set-cookie'] = `${cookieName()}=${cookieSecret}; Path=/; HttpOnly; SameSite=Strict`;
    void sendStatic(options.staticDir, url.pathname, res, headers).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Cannot serve ${url.pathname}: ${(err as Error).message}`);
    });
  };

  const server = createServer(onRequest);
  server.on('clientError', onClientError);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Echo the protocol name, never the token offered beside it.
    handleProtocols: (offered) => (offered.has(STUDIO_WS_PROTOCOL) ? STUDIO_WS_PROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    // Node hands the upgrade socket over without an 'error' listener: a client that resets it
    // (ECONNRESET) while it is refused or upgraded would otherwise end the whole process.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname !== WS_PATH) return refuse(socket, 404, 'Not Found');
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(socket, 421, 'Misdirected Request');
    // Browsers always send Origin on a WebSocket; only pages served by this server may connect.
    if (!allowedOrigins().has(req.headers.origin ?? '')) return refuse(socket, 403, 'Forbidden origin');
    // Only the token itself, offered as a subprotocol, opens the socket: never the cookie, which other local servers see.
    if (!sameSecret(tokenFromProtocols(req), token)) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (sockets.size >= limits.maxConnections) {
        ws.on('error', () => ws.terminate());
        ws.close(1013, `too many connections (limit ${limits.maxConnections}): close another studio tab, then reload`);
        return;
      }
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      attachSession(ws, handlers, limits, log);
    });
  });

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
    wsUrl: `ws://${HOST}:${port}${WS_PATH}`,
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
