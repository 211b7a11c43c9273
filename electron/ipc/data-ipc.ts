/** Table data for the viewers: pages and column profiles from the workspace database. */
import type { StudioRequestName } from '../../engine/contract.js';
import { handleRequests, type HandlersFor } from './handle-requests.js';

export const DATA_METHODS = ['page', 'profile'] as const satisfies readonly StudioRequestName[];

export function registerDataIpc(handlersFor: HandlersFor): void {
  handleRequests(DATA_METHODS, handlersFor);
}
