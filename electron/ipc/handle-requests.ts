/**
 * Registers request channels on ipcMain. Every call is checked twice before a
 * handler runs: the sending frame must be one of our app pages, and the payload is re-validated
 * by `handleRequest` (zod for arguments, the pipeline schema for documents).
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { StudioRequestName } from '../../engine/contract.js';
import { toWireStudioError } from '../../hosts/shared/host-error.js';
import { handleRequest, type StudioHandlers } from '../../hosts/shared/studio-handlers.js';
import { isTrustedAppUrl } from '../security.js';
import { requestChannel, type IpcReply } from './channels.js';

/** Finds the handlers of the window that owns `sender`. */
export type HandlersFor = (sender: WebContents) => StudioHandlers | undefined;

function refusal(code: string, message: string): IpcReply {
  return { ok: false, error: { code, message } };
}

/** Answers `methods` on their channels for whichever window asks. */
export function handleRequests(methods: readonly StudioRequestName[], handlersFor: HandlersFor): void {
  for (const method of methods) {
    ipcMain.handle(requestChannel(method), async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcReply> => {
      // The main frame or an iframe that navigated elsewhere must never reach the engine.
      if (!event.senderFrame || !isTrustedAppUrl(event.senderFrame.url)) {
        return refusal('FORBIDDEN', `IPC from an untrusted frame (${event.senderFrame?.url ?? 'gone'}) was refused`);
      }
      const handlers = handlersFor(event.sender);
      if (!handlers) return refusal('FORBIDDEN', 'IPC from a window this app did not open was refused');
      try {
        return { ok: true, result: await handleRequest(handlers, method, args) };
      } catch (err) {
        return { ok: false, error: toWireStudioError(err) };
      }
    });
  }
}
