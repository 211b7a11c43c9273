/**
 * StudioApi: the one typed contract between the window and a host. Both transports implement it
 * (the Electron preload bridge and the WebSocket client of the browser mode); the renderer imports
 * this file with `import type` only and never learns which transport it has.
 */
import type { PipelineDocument } from './document/schema.js';
import type { EngineEvent } from './events.js';
import type {
  NodePlan,
  PageRequest,
  PageResult,
  RunListItem,
  RunRecord,
  RunTarget,
  TableProfile,
  ValidationIssue,
} from './engine-types.js';

export interface OpenedPipeline {
  /** Absolute path of the file, or undefined for an unsaved document. */
  path?: string;
  document: PipelineDocument;
  /** Warnings from upgrading an older file; errors make the open fail instead. */
  issues: ValidationIssue[];
}

export interface EngineInfo {
  /** TensorFlow.js backend in use: 'tensorflow' | 'wasm' | 'cpu'. */
  tfBackend: string;
  versions: Record<string, string>;
  workspaceDir: string;
}

/** Request name -> (arguments tuple, result). Hosts check their handlers against this map. */
export interface StudioRequests {
  engineInfo: { args: []; result: EngineInfo };
  /** Validates any value as a pipeline document (import, paste). Never throws on bad input. */
  validatePipeline: { args: [candidate: unknown]; result: { document?: PipelineDocument; issues: ValidationIssue[] } };
  /** Opens a file by path; without a path the desktop host shows a dialog. Undefined when cancelled. */
  openPipeline: { args: [path?: string]; result: OpenedPipeline | undefined };
  /** Writes atomically; without a path the host asks for one (save as). Undefined when cancelled. */
  savePipeline: { args: [document: PipelineDocument, path?: string]; result: { path: string } | undefined };
  /** Export without secrets: refuses documents holding a value that looks like a key. */
  exportPipeline: { args: [document: PipelineDocument, path?: string]; result: { path: string } | undefined };
  listRecent: { args: []; result: string[] };
  listSamples: { args: []; result: { name: string; path: string }[] };
  saveRecovery: { args: [document: PipelineDocument, path?: string]; result: void };
  loadRecovery: { args: []; result: { document: PipelineDocument; path?: string; savedAt: number } | undefined };
  clearRecovery: { args: []; result: void };
  startRun: { args: [document: PipelineDocument, options: { target?: RunTarget; documentPath?: string; force?: string[] }]; result: { runId: string } };
  cancelRun: { args: [runId: string]; result: void };
  plan: { args: [document: PipelineDocument, documentPath?: string]; result: NodePlan[] };
  page: { args: [request: PageRequest]; result: PageResult };
  profile: { args: [table: string, columns?: string[]]; result: TableProfile };
  listRuns: { args: []; result: RunListItem[] };
  getRun: { args: [runId: string]; result: RunRecord | undefined };
  deleteRun: { args: [runId: string]; result: boolean };
}

export type StudioRequestName = keyof StudioRequests;

/** Events pushed from host to window: the engine's own, plus host-level news. */
export type StudioEvent =
  | EngineEvent
  | { type: 'engine-restarted'; runId?: string; at: number; reason: string }
  | { type: 'menu-command'; runId?: undefined; at: number; command: string };

export type StudioApi = {
  [K in StudioRequestName]: (...args: StudioRequests[K]['args']) => Promise<StudioRequests[K]['result']>;
} & {
  /** Subscribes to the event stream; returns the unsubscribe function. */
  onEvent(listener: (event: StudioEvent) => void): () => void;
};
