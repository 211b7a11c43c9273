/** Runs: start, cancel, plan, and the run records. Run events reach the window through its emitter. */
import type { StudioRequestName } from '../../engine/contract.js';
import { handleRequests, type HandlersFor } from './handle-requests.js';

export const RUN_METHODS = ['startRun', 'cancelRun', 'plan', 'listRuns', 'getRun', 'deleteRun'] as const satisfies readonly StudioRequestName[];

export function registerRunIpc(handlersFor: HandlersFor): void {
  handleRequests(RUN_METHODS, handlersFor);
}
