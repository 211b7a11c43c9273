/**
 * A StudioApi for window tests: every request resolves to an empty answer unless a test overrides
 * it, and events can be pushed by hand. No host, no engine. A request without an answer here (one
 * declared since) rejects, naming itself, so a new request needs no entry until a test uses it.
 */
import type { StudioApi, StudioEvent } from '../../engine/contract.js';
import { STUDIO_REQUEST_NAMES } from '../../engine/contract-names.js';

export type FakeApi = StudioApi & { emit(event: StudioEvent): void };

/** A fake host; pass overrides for the requests a test cares about. */
export function fakeApi(overrides: Partial<StudioApi> = {}): FakeApi {
  const listeners = new Set<(e: StudioEvent) => void>();
  const unanswered = Object.fromEntries(
    STUDIO_REQUEST_NAMES.map((name) => [name, async () => Promise.reject(new Error(`fake host: no answer for ${name}; pass one in fakeApi({ ${name} })`))]),
  );
  const answers: Partial<StudioApi> = {
    engineInfo: async () => ({ tfBackend: 'cpu', versions: {}, workspaceDir: '/tmp/ws' }),
    validatePipeline: async () => ({ issues: [] }),
    openPipeline: async () => undefined,
    savePipeline: async (_d, path) => ({ path: path ?? '/tmp/ws/untitled.pipeline.json' }),
    exportPipeline: async (_d, path) => ({ path: path ?? '/tmp/ws/untitled.pipeline.json' }),
    listRecent: async () => [],
    listSamples: async () => [],
    saveRecovery: async () => undefined,
    loadRecovery: async () => undefined,
    clearRecovery: async () => undefined,
    startRun: async () => ({ runId: 'run-1' }),
    cancelRun: async () => undefined,
    plan: async () => [],
    page: async (r) => ({ table: r.table, offset: r.offset, rowCount: 0, columns: [], rows: [] }),
    profile: async (table) => ({ table, rowCount: 0, columns: [] }),
    listRuns: async () => [],
    getRun: async () => undefined,
    deleteRun: async () => false,
    chooseDataFile: async () => ({ kind: 'cancelled' }),
    listDirectory: async (path) => ({ path: path ?? '/tmp/ws', stored: path ?? '/tmp/ws', entries: [], roots: [{ label: 'Workspace', path: '/tmp/ws' }] }),
    addBrowseFolder: async () => [],
    listSecrets: async (check) => ({ secrets: [], missing: check ?? [], store: { writable: false, reason: 'fake host: no keychain' } }),
    setSecret: async () => Promise.reject(new Error('fake host: no keychain')),
    deleteSecret: async () => false,
    allowFolder: async (folder) => [folder],
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    ...overrides,
  };
  const api = { ...unanswered, ...answers } as StudioApi;
  return Object.assign(api, { emit: (e: StudioEvent) => listeners.forEach((l) => l(e)) });
}
