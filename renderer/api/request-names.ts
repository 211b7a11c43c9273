/**
 * The contract's request names as a value, for the WebSocket client. `satisfies` keeps it exactly
 * the keys of StudioRequests (a missing or extra name fails to compile); the hosts hold the same
 * checked list in engine/host/request-names.ts, which the renderer may not import at runtime.
 */
import type { StudioRequestName } from '../../engine/contract.js';

const names = {
  engineInfo: true,
  validatePipeline: true,
  openPipeline: true,
  savePipeline: true,
  exportPipeline: true,
  listRecent: true,
  listSamples: true,
  saveRecovery: true,
  loadRecovery: true,
  clearRecovery: true,
  startRun: true,
  cancelRun: true,
  plan: true,
  page: true,
  profile: true,
  listRuns: true,
  getRun: true,
  deleteRun: true,
} as const satisfies Record<StudioRequestName, true>;

export const REQUEST_NAMES = Object.keys(names) as StudioRequestName[];
