/**
 * IPC channel names shared by the preload and the main process. No Electron import: the preload
 * bundle and unit tests read it as plain data.
 */
import type { StudioRequestName } from '../../engine/contract.js';
import type { WireStudioError } from '../../hosts/shared/host-error.js';

/** One channel per request, under one prefix the main process owns. */
export const requestChannel = (method: StudioRequestName) => `studio:request:${method}`;

/** Host-to-window events (engine events, menu commands). */
export const EVENT_CHANNEL = 'studio:event';

/**
 * What a request channel answers. Errors travel as data because Electron keeps only the message
 * of an error thrown from a handler; the preload turns them back into `[CODE] message` errors.
 */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: WireStudioError };
