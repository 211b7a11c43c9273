/**
 * The sandboxed preload: exposes exactly the StudioApi as `window.studio`, one function per request
 * name from the checked list plus `onEvent` and `filePathForDrop`, and nothing else (no ipcRenderer, no channels, no
 * process). Bundled to CommonJS by build.mjs; a sandboxed preload may require only 'electron'.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { StudioApi, StudioEvent } from '../engine/contract.js';
import { STUDIO_REQUEST_NAMES } from '../engine/contract-names.js';
import { EVENT_CHANNEL, requestChannel, type IpcReply } from './ipc/channels.js';

const api: Record<string, unknown> = {};
for (const name of STUDIO_REQUEST_NAMES) {
  api[name] = async (...args: unknown[]) => {
    const reply = (await ipcRenderer.invoke(requestChannel(name), ...args)) as IpcReply;
    if (reply.ok) return reply.result;
    // Only an error's message crosses the context bridge; renderer/api reads the code back from it.
    throw new Error(`[${reply.error.code}] ${reply.error.message}`);
  };
}
api.onEvent = (listener: (event: StudioEvent) => void) => {
  const relay = (_event: IpcRendererEvent, payload: StudioEvent) => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, relay);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, relay);
  };
};

// The contract's one synchronous member: only the preload may ask Electron where a dropped file lives.
api.filePathForDrop = (file: File): string | undefined => {
  try {
    return webUtils.getPathForFile(file) || undefined;
  } catch {
    return undefined;
  }
};

contextBridge.exposeInMainWorld('studio', api as StudioApi);
