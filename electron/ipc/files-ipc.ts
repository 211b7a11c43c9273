/** Data files for `file` params: the native chooser, folder listings for the in-window browser, and its added places. */
import type { StudioRequestName } from '../../engine/contract.js';
import { handleRequests, type HandlersFor } from './handle-requests.js';

export const FILES_METHODS = ['chooseDataFile', 'listDirectory', 'allowFolder', 'addBrowseFolder'] as const satisfies readonly StudioRequestName[];

export function registerFilesIpc(handlersFor: HandlersFor): void {
  handleRequests(FILES_METHODS, handlersFor);
}
