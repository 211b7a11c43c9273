/**
 * The browser mode's two credentials. The token (random, printed once) opens the page and the
 * WebSocket. The asset cookie is an HMAC of the token: cookies ignore ports, so every other web
 * server on 127.0.0.1 the browser visits receives it, and it must be worth nothing there beyond
 * the renderer's own static files (which are the app's public code).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { STUDIO_WS_PROTOCOL, STUDIO_WS_TOKEN_PREFIX } from '../../engine/contract-names.js';

/** Constant-time equality of a presented secret with the expected one. */
export function sameSecret(presented: string | null | undefined, expected: string): boolean {
  if (!presented) return false;
  const x = Buffer.from(presented);
  const y = Buffer.from(expected);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The cookie value that lets the browser fetch static files: never the token itself. */
export function staticCookieSecret(token: string): string {
  return createHmac('sha256', token).update('lifecycle-studio: static GET only').digest('base64url');
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The token a WebSocket upgrade offers as `studio-token.<token>` in Sec-WebSocket-Protocol. */
export function tokenFromProtocols(req: IncomingMessage): string | undefined {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(STUDIO_WS_PROTOCOL)) return undefined;
  return offered.find((p) => p.startsWith(STUDIO_WS_TOKEN_PREFIX))?.slice(STUDIO_WS_TOKEN_PREFIX.length);
}
