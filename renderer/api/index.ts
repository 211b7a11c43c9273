/**
 * The renderer's only door to a host. `getStudioApi()` returns the Electron preload bridge
 * (`window.studio`) when the page runs in the desktop shell, else a WebSocket client to the
 * browser-mode server; either way every failure arrives as a StudioError with a code.
 * This folder stays free of Node imports: it runs in a sandboxed page.
 */
import type { StudioApi } from '../../engine/contract.js';
import { STUDIO_REQUEST_NAMES as REQUEST_NAMES } from '../../engine/contract-names.js';
import { fromBridgeError } from './studio-error.js';
import { adoptPageToken } from './page-token.js';
import { createWebSocketStudioApi, socketUrlFromPage } from './ws-client.js';

export { StudioError } from './studio-error.js';
export type {
  StudioApi,
  StudioEvent,
  StudioRequestName,
  StudioRequests,
  OpenedPipeline,
  EngineInfo,
  DataFileChoice,
  DataFileRequest,
  DirectoryEntry,
  DirectoryListing,
  SecretInfo,
  SecretList,
} from '../../engine/contract.js';

declare global {
  interface Window {
    /** Set by electron/preload.ts through contextBridge; absent in a browser. */
    studio?: StudioApi;
  }
}

/** Wraps the preload bridge so its errors carry codes like the WebSocket client's. */
function wrapBridge(bridge: StudioApi): StudioApi {
  const api: Record<string, unknown> = { onEvent: (l: Parameters<StudioApi['onEvent']>[0]) => bridge.onEvent(l) };
  if (bridge.filePathForDrop) api.filePathForDrop = (file: File) => bridge.filePathForDrop?.(file);
  for (const name of REQUEST_NAMES) {
    const method = bridge[name] as (...a: unknown[]) => Promise<unknown>;
    api[name] = (...args: unknown[]) =>
      method(...args).catch((err: unknown) => {
        throw fromBridgeError(err);
      });
  }
  return api as StudioApi;
}

let cached: StudioApi | undefined;

/** Which host the page talks to. */
export function studioTransport(): 'electron' | 'websocket' {
  return typeof window !== 'undefined' && window.studio ? 'electron' : 'websocket';
}

/**
 * The StudioApi for this page, created once.
 *
 * @example
 * const api = getStudioApi();
 * const off = api.onEvent((e) => e.type === 'node-progress' && console.log(e.fraction));
 */
export function getStudioApi(): StudioApi {
  if (cached) return cached;
  cached = window.studio ? wrapBridge(window.studio) : createWebSocketStudioApi(socketUrlFromPage(window.location), adoptPageToken(window));
  return cached;
}

/**
 * A pipeline path the host asked this window to open at start (`?open=` in the page URL): the
 * desktop shell opens one window per pipeline this way.
 */
export function initialPipelinePath(): string | undefined {
  return new URLSearchParams(window.location.search).get('open') ?? undefined;
}
