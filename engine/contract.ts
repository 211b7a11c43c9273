/**
 * StudioApi: the one typed contract between the window and a host. Both transports implement it
 * (the Electron preload bridge and the WebSocket client of the browser mode); the renderer imports
 * this file with `import type` only and never learns which transport it has.
 */
import type { PipelineDocument } from './document/schema.js';
import type { EngineEvent } from './events.js';
import type { NodePlan, PageRequest, PageResult, RunListItem, RunRecord, RunTarget, TableProfile, ValidationIssue } from './engine-types.js';

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

/** One entry of a folder listing (browser-mode file browser). */
export interface DirectoryEntry {
  name: string;
  kind: 'file' | 'directory';
  /** Absolute path on the host. */
  path: string;
  /** Bytes; files only. */
  size?: number;
  /** Last modification, ms since the epoch. */
  modified?: number;
}

/** A folder the host lets the window browse, with what it holds (dot-files left out). */
export interface DirectoryListing {
  /** Absolute, normalised path of the folder listed. */
  path: string;
  /** The folder above, when it is still inside a permitted root. */
  parent?: string;
  /**
   * How a file param names this folder: relative to the saved pipeline's folder (POSIX separators,
   * `.` for that folder itself), or absolute when the pipeline is unsaved.
   */
  stored: string;
  /** Folders first, then files, each sorted by name. */
  entries: DirectoryEntry[];
  /** The folders browsing may start from (home, workspace, the pipeline's folder, ...). */
  roots: { label: string; path: string }[];
}

/** What a `file` param asks for when the user presses Browse. */
export interface DataFileRequest {
  /** Accepted extensions as the param declares them (`.csv` or `csv`). */
  extensions?: string[];
  /** 'output' asks where to write (a save dialog); default 'input'. */
  mode?: 'input' | 'output';
  /** The saved pipeline file, so the chosen path can be stored relative to it. */
  pipelinePath?: string;
  /** The param's current value, to start in its folder. */
  current?: string;
}

/**
 * The answer to `chooseDataFile`. A host with a native dialog answers `chosen` or `cancelled`; a
 * host without one (the browser mode) answers `browse`, and the window shows its own file browser
 * driven by `listDirectory`, starting at `start`.
 */
export type DataFileChoice = { kind: 'chosen'; path: string; stored: string } | { kind: 'cancelled' } | { kind: 'browse'; start: string };

/** Where a secret's value would come from for a run. Values never cross the contract. */
export interface SecretInfo {
  name: string;
  source: 'keychain' | 'environment';
}

export interface SecretList {
  /** Names in the keychain, plus the checked names found in the host's environment. */
  secrets: SecretInfo[];
  /** Checked names found nowhere: a run that needs them will fail. */
  missing: string[];
  /** Whether `setSecret` works on this host, and if not, what to do instead. */
  store: { writable: boolean; reason?: string };
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
  /** Browse for a `file` param's data file: a native dialog on the desktop, `browse` elsewhere. */
  chooseDataFile: { args: [request: DataFileRequest]; result: DataFileChoice };
  /**
   * Lists a folder inside the permitted roots (home, added folders, workspace, samples, the open file's folder);
   * without a path, the first root. Anything else is refused with PATH_REFUSED.
   */
  listDirectory: { args: [path?: string, pipelinePath?: string]; result: DirectoryListing };
  /**
   * Adds a folder to the places of the file browser, remembered for this user: a typed path in the
   * browser mode, a native folder dialog on the desktop (which takes no path from the window).
   * Returns the places the user added, oldest first.
   */
  addBrowseFolder: { args: [path?: string]; result: { label: string; path: string }[] };
  /** Secret names known to the host (never values); `check` also looks those names up in the environment. */
  listSecrets: { args: [check?: string[]]; result: SecretList };
  /** Stores a secret value in the OS keychain (desktop); refused where there is no safe store. */
  setSecret: { args: [name: string, value: string]; result: SecretInfo };
  /** Removes a secret from the keychain; false when it was not there. */
  deleteSecret: { args: [name: string]; result: boolean };
  /**
   * The user allows runs of the saved pipeline at `documentPath` to use `folder` (after a run was
   * refused with PATH_OUTSIDE_ROOTS). Remembered in the user's config, never in the document.
   * Returns every folder now allowed for that pipeline.
   */
  allowFolder: { args: [folder: string, documentPath: string]; result: string[] };
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
  /**
   * The full path of a file dropped on the window (Electron's `webUtils.getPathForFile`), or
   * undefined. Only the desktop bridge has it: a browser reveals just the file's name.
   */
  filePathForDrop?(file: File): string | undefined;
};
