/**
 * Registers every domain's IPC module. The type check below fails the build when a request of the
 * contract has no domain module, so no request can be forgotten.
 */
import type { StudioRequestName } from '../../engine/contract.js';
import { type APP_METHODS, registerAppIpc } from './app-ipc.js';
import { type DATA_METHODS, registerDataIpc } from './data-ipc.js';
import { type FILES_METHODS, registerFilesIpc } from './files-ipc.js';
import type { HandlersFor } from './handle-requests.js';
import { type PIPELINE_METHODS, registerPipelineIpc } from './pipeline-ipc.js';
import { type RUN_METHODS, registerRunIpc } from './run-ipc.js';
import { type SECRETS_METHODS, registerSecretsIpc } from './secrets-ipc.js';

type Covered = (
  typeof PIPELINE_METHODS | typeof RUN_METHODS | typeof DATA_METHODS | typeof APP_METHODS | typeof FILES_METHODS | typeof SECRETS_METHODS
)[number];
type Uncovered = Exclude<StudioRequestName, Covered>;
// Compile-time: `true` only when every request has a domain module.
const everyRequestHasADomain: [Uncovered] extends [never] ? true : Uncovered = true;
void everyRequestHasADomain;

export function registerIpc(handlersFor: HandlersFor): void {
  registerPipelineIpc(handlersFor);
  registerRunIpc(handlersFor);
  registerDataIpc(handlersFor);
  registerAppIpc(handlersFor);
  registerFilesIpc(handlersFor);
  registerSecretsIpc(handlersFor);
}
