/**
 * Registers one IPC channel per request of the contract. The names come from the request table
 * (engine/requests/studio-requests.ts), so a declared request is answered without touching this folder.
 */
import { STUDIO_REQUEST_NAMES } from '../../engine/contract-names.js';
import { handleRequests, type HandlersFor } from './handle-requests.js';

export function registerIpc(handlersFor: HandlersFor): void {
  handleRequests(STUDIO_REQUEST_NAMES, handlersFor);
}
