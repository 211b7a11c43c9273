/**
 * The request names of the StudioApi as a value, for code that must enumerate them (the preload
 * bridge, the WebSocket client, the IPC registration). They are the keys of the one request table,
 * requests/studio-requests.ts, which has no runtime import but requests/declare.ts: the sandboxed
 * preload and the renderer bundle this file without zod.
 */
import type { StudioRequestName } from './contract.js';
import { STUDIO_REQUESTS } from './requests/studio-requests.js';

/** Every request of the contract, in declaration order. */
export const STUDIO_REQUEST_NAMES = Object.keys(STUDIO_REQUESTS) as StudioRequestName[];

/** True when `name` is a request of the contract (guards untrusted method names). */
export function isStudioRequestName(name: unknown): name is StudioRequestName {
  return typeof name === 'string' && Object.hasOwn(STUDIO_REQUESTS, name);
}

/**
 * The browser mode's WebSocket subprotocols. The page offers two: the protocol name (which the
 * server echoes) and its token, `studio-token.<token>`. The token rides in the upgrade's
 * Sec-WebSocket-Protocol header because a browser WebSocket can set no other header, and unlike a
 * query string or a cookie it is sent only by script that holds the token.
 */
export const STUDIO_WS_PROTOCOL = 'lifecycle-studio.v1';
export const STUDIO_WS_TOKEN_PREFIX = 'studio-token.';

/** The subprotocol list a page offers when it opens the contract's socket with `token`. */
export function studioWsProtocols(token: string): string[] {
  return [STUDIO_WS_PROTOCOL, `${STUDIO_WS_TOKEN_PREFIX}${token}`];
}
