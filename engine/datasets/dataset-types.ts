/**
 * Dataset records: every data file a run reads, once per content version (see dataset-store.ts).
 * Types only, so the renderer and the request table can import them.
 */

/** One column's summary: what a reader needs to tell two versions apart, not the full profile. */
export interface DatasetColumn {
  name: string;
  type: string;
  /** Missing cells over rows, 0..1. */
  missingShare: number;
  distinct: number;
  /** Numbers only. */
  mean?: number | null;
  min?: number | string | null;
  max?: number | string | null;
  /** Text columns: the most frequent values, most frequent first. */
  topValues?: { value: string | null; count: number }[];
}

/** A run that read the version. */
export interface DatasetUse {
  runId: string;
  at: number;
  nodeId: string;
  pipelineName: string;
  /** The node read the file in this run (`done`), or reused what an earlier run read (`cached`). */
  status: 'done' | 'cached';
}

/** A model version made from the dataset version: trained on it, evaluated on it, or both. */
export interface DatasetModelLink {
  name: string;
  version: number;
  /** The registry folder it was registered in (the workspace's `models` unless the node named another). */
  registry: string;
  roles: ('train' | 'evaluation')[];
  runId: string;
}

export interface DatasetVersion {
  /** `ds-` and 16 hex of the content hash: the same content is one version wherever it lies. */
  id: string;
  /** The file fingerprint the cache keys on (`<size>:<sha256 prefix>`). */
  fingerprint: string;
  bytes: number;
  /** The path it was last read at; `paths` holds every one it was read at. */
  path: string;
  paths: string[];
  /** `table`: a file read into a table (Import); `label-set`: labels given by hand. */
  kind: 'table' | 'label-set';
  /** Null when the table was gone when the run ended (never for a version read in that run). */
  rows: number | null;
  columns: DatasetColumn[];
  firstSeen: number;
  lastSeen: number;
  /** The most recent runs that used it (newest last, at most 100); `runCount` counts them all. */
  runs: DatasetUse[];
  runCount: number;
  models: DatasetModelLink[];
}

/** A row of the list: a version without its column summaries and run list. */
export interface DatasetListItem {
  id: string;
  path: string;
  /** The version's place among the versions read at its path, 1 = oldest. */
  version: number;
  kind: DatasetVersion['kind'];
  bytes: number;
  rows: number | null;
  columnCount: number;
  firstSeen: number;
  lastSeen: number;
  runCount: number;
  models: { name: string; version: number }[];
}

/** What the run record keeps: which dataset version each node read. */
export interface RunDatasetRef {
  nodeId: string;
  param: string;
  id: string;
}

/** A version as the Datasets panel opens it: the record and its place among the versions read at its path. */
export type DatasetDetail = DatasetVersion & { version: number };

/** A dataset version a model version was made from, as the Models panel lists it. */
export type ModelDataset = DatasetListItem & { roles: DatasetModelLink['roles'] };
