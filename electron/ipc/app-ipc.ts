/** Facts about the engine: backend, versions, workspace. */
import type { StudioRequestName } from '../../engine/contract.js';
import { handleRequests, type HandlersFor } from './handle-requests.js';

export const APP_METHODS = ['engineInfo'] as const satisfies readonly StudioRequestName[];

export function registerAppIpc(handlersFor: HandlersFor): void {
  handleRequests(APP_METHODS, handlersFor);
}
