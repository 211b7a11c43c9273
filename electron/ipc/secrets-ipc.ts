/** Secrets in the OS keychain: names and availability, set and delete. Values only ever travel inward. */
import type { StudioRequestName } from '../../engine/contract.js';
import { handleRequests, type HandlersFor } from './handle-requests.js';

export const SECRETS_METHODS = ['listSecrets', 'setSecret', 'deleteSecret'] as const satisfies readonly StudioRequestName[];

export function registerSecretsIpc(handlersFor: HandlersFor): void {
  handleRequests(SECRETS_METHODS, handlersFor);
}
