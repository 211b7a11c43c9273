/** Pipeline files: open, save, export, validate, recent, samples and recovery copies. */
import type { StudioRequestName } from '../../engine/contract.js';
import { handleRequests, type HandlersFor } from './handle-requests.js';

export const PIPELINE_METHODS = [
  'validatePipeline',
  'openPipeline',
  'savePipeline',
  'exportPipeline',
  'listRecent',
  'listSamples',
  'saveRecovery',
  'loadRecovery',
  'clearRecovery',
] as const satisfies readonly StudioRequestName[];

export function registerPipelineIpc(handlersFor: HandlersFor): void {
  handleRequests(PIPELINE_METHODS, handlersFor);
}
