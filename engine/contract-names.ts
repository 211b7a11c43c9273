/**
 * The request names of the StudioApi as a value, for code that must enumerate them (the preload
 * bridge, the WebSocket dispatcher and the WebSocket client). `satisfies` makes the list exactly the keys of StudioRequests:
 * a missing or extra name fails to compile. No runtime imports, so the sandboxed preload can bundle it.
 */
import type { StudioRequestName } from './contract.js';

const names = {
  engineInfo: true,
  validatePipeline: true,
  openPipeline: true,
  savePipeline: true,
  exportPipeline: true,
  listRecent: true,
  listSamples: true,
  saveRecovery: true,
  loadRecovery: true,
  clearRecovery: true,
  startRun: true,
  cancelRun: true,
  plan: true,
  page: true,
  profile: true,
  listRuns: true,
  getRun: true,
  deleteRun: true,
  chooseDataFile: true,
  listDirectory: true,
  addBrowseFolder: true,
  listSecrets: true,
  setSecret: true,
  deleteSecret: true,
  allowFolder: true,
} as const satisfies Record<StudioRequestName, true>;

/** Every request of the contract, in declaration order. */
export const STUDIO_REQUEST_NAMES = Object.keys(names) as StudioRequestName[];

/** True when `name` is a request of the contract (guards untrusted method names). */
export function isStudioRequestName(name: unknown): name is StudioRequestName {
  return typeof name === 'string' && Object.hasOwn(names, name);
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
