/**
 * Clients for the server tests: a well-behaved one on the `ws` package, and a raw `net` one that
 * can say what no library lets it say (reset a socket, send invalid UTF-8, announce a huge frame).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { studioWsProtocols } from '../../engine/contract-names.js';

export interface Reply {
  id: unknown;
  result?: unknown;
  error?: { code: string; message: string; issues?: { path: string }[] };
}

/** Opens the contract socket; resolves with it once open, or with the HTTP status that refused it. */
export function openSocket(
  url: string,
  options: { origin?: string; protocols?: string[]; cookie?: string } = {},
): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const headers = options.cookie ? { cookie: options.cookie } : undefined;
    const ws = new WebSocket(url, options.protocols ?? [], { origin: options.origin, headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('error', () => resolve({}));
  });
}

/** A client that authenticates the way the page does: Origin of the server, token as a subprotocol. */
export async function goodClient(port: number, token: string): Promise<WebSocket> {
  const { ws, status } = await openSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}`, protocols: studioWsProtocols(token) });
  if (!ws) throw new Error(`the server refused a good client (HTTP ${status ?? 'no answer'})`);
  return ws;
}

/** Sends one request and resolves with its reply (or rejects when the socket closes first). */
export function call(ws: WebSocket, id: number, method: string, args: unknown[] = []): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as Reply;
      if (reply.id !== id) return;
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(reply);
    };
    const onClose = (code: number) => reject(new Error(`socket closed (${code}) before request ${id} was answered`));
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

/** Resolves with the close code and reason the server sent. */
export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** A raw TCP connection to the server, with everything it received so far. */
export interface RawClient {
  socket: Socket;
  received(): Buffer;
  /** Resolves once the received bytes satisfy `test`. */
  until(test: (bytes: Buffer) => boolean): Promise<Buffer>;
}

export async function rawClient(port: number): Promise<RawClient> {
  const socket = netConnect(port, '127.0.0.1');
  let bytes = Buffer.alloc(0);
  const waiters = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    bytes = Buffer.concat([bytes, chunk]);
    for (const w of waiters) w();
  });
  // The server may reset us back; the test looks at what arrived, not at this error.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const until = (test: (b: Buffer) => boolean) =>
    new Promise<Buffer>((resolve, reject) => {
      const check = () => {
        if (!test(bytes)) return;
        waiters.delete(check);
        resolve(bytes);
      };
      waiters.add(check);
      socket.once('close', () =>
        test(bytes) ? resolve(bytes) : reject(new Error(`connection closed; received: ${JSON.stringify(bytes.toString('latin1'))}`)),
      );
      check();
    });
  return { socket, received: () => bytes, until };
}

/** The upgrade request a page would send, with the token offered or not. */
export function upgradeRequest(port: number, token?: string): string {
  const protocols = token ? `Sec-WebSocket-Protocol: ${studioWsProtocols(token).join(', ')}\r\n` : '';
  return (
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${protocols}\r\n`
  );
}

/**
 * A client frame header (FIN set, masked with a zero key, as RFC 6455 allows) announcing
 * `length` payload bytes; the payload itself is up to the caller, so 100 MB costs 14 bytes.
 */
export function frameHeader(opcode: number, length: number): Buffer {
  const zeroMask = Buffer.alloc(4);
  if (length < 126) return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | length]), zeroMask]);
  if (length < 65536) {
    const h = Buffer.from([0x80 | opcode, 0x80 | 126, 0, 0]);
    h.writeUInt16BE(length, 2);
    return Buffer.concat([h, zeroMask]);
  }
  const h = Buffer.alloc(10);
  h[0] = 0x80 | opcode;
  h[1] = 0x80 | 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  return Buffer.concat([h, zeroMask]);
}

/** The close code of the first close frame (opcode 8) the server sent after its 101 response, if any. */
export function serverCloseCode(bytes: Buffer): number | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  let at = headEnd + 4;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at] & 0x0f;
    let len = bytes[at + 1] & 0x7f;
    let start = at + 2;
    if (len === 126) {
      len = bytes.readUInt16BE(start);
      start += 2;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (start + len > bytes.length) return undefined;
    if (opcode === 8) return len >= 2 ? bytes.readUInt16BE(start) : undefined;
    at = start + len;
  }
  return undefined;
}
