/**
 * StudioApi: the one typed contract between the window and a host. Both transports implement it
 * (the Electron preload bridge and the WebSocket client of the browser mode); the renderer imports
 * this file with `import type` only and never learns which transport it has.
 */
import type { PipelineDocument } from './document/schema.js';
import type { EngineEvent } from './events.js';
import type { ValidationIssue } from './engine-types.js';
import type { RequestTypes } from './requests/declare.js';
import type { STUDIO_REQUESTS } from './requests/studio-requests.js';

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

/**
 * Request name -> (arguments tuple, result), derived from the one declaration of each request in
 * requests/studio-requests.ts. Hosts check their handlers against this map.
 */
export type StudioRequests = RequestTypes<typeof STUDIO_REQUESTS>;

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
