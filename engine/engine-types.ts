/**
 * Shapes shared by the engine library, its process wrapper and the hosts. Types only.
 */
import type { PipelineDocument } from './document/schema.js';
import type { CacheReason, EngineEvent, NodeFailure, NodeStatus, RunStatus } from './events.js';
import type { ColumnInfo, PortValue, ValueSummary } from './values.js';
import type { EngineRequests } from './requests/engine-requests.js';
import type { RunDatasetRef } from './datasets/dataset-types.js';

/** One problem found in a document, attached to what it is about. */
export interface ValidationIssue {
  /** From the catalogue in `errors.ts`, e.g. 'CYCLE', 'PORT_KIND_MISMATCH'. */
  code: string;
  /** JSON path into the document, e.g. `nodes[3].params.ratio`. */
  path: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  severity: 'error' | 'warning';
}

/** Which part of the graph to run. */
export type RunTarget =
  | { mode: 'all' }
  /** The node and whatever upstream it needs. */
  | { mode: 'node'; nodeId: string }
  /** The node, what it needs, and everything downstream of it. */
  | { mode: 'from'; nodeId: string };

export interface RunOptions {
  signal?: AbortSignal;
  onEvent?: (event: EngineEvent) => void;
  /** Absolute path of the pipeline file; relative data paths resolve against its folder. */
  documentPath?: string;
  target?: RunTarget;
  /** Ignore the cache for these node ids (or all with '*'). */
  force?: string[];
  /** Secret values by name, supplied by the host (keychain or environment). */
  secrets?: Record<string, string>;
  /**
   * Folders a run may read and write (absolute; hosts compute them: the pipeline's folder, the
   * workspace, the samples, folders the user allowed). A file param outside all of them stops the
   * run before any node runs (`PATH_OUTSIDE_ROOTS`), and DuckDB is confined to them. Undefined:
   * no check, for trusted embedding (tests, benchmarks).
   */
  allowedRoots?: string[];
  /**
   * Addresses other than loopback the user allowed this pipeline to bind (a Deploy node's host);
   * any other non-loopback address stops the run before any node runs (`HOST_NOT_ALLOWED`).
   * Undefined: no check, for trusted embedding, like `allowedRoots`.
   */
  allowedHosts?: string[];
  /** The automation that started this run (hosts/shared/automations); recorded in the run record. */
  trigger?: RunTrigger;
}

/** What started a run that no person started: the trigger's id and kind, and what it saw (a file path, the cron time). */
export interface RunTrigger {
  id: string;
  kind: 'schedule' | 'watch-folder' | 'monitor-verdict';
  detail: string;
}

export interface NodeRunRecord {
  nodeId: string;
  type: string;
  typeVersion: number;
  status: NodeStatus;
  cacheKey?: string;
  reason?: CacheReason;
  startedAt?: number;
  durationMs?: number;
  outputs?: Record<string, PortValue>;
  summaries?: Record<string, ValueSummary>;
  error?: NodeFailure;
  /** Files the node read, with the fingerprints that went into its cache key. */
  inputFiles?: { path: string; fingerprint: string }[];
}

export interface RunRecord {
  runId: string;
  status: RunStatus;
  startedAt: number;
  durationMs: number;
  /** The exact document that ran. */
  document: PipelineDocument;
  documentHash: string;
  documentPath?: string;
  target: RunTarget;
  nodes: Record<string, NodeRunRecord>;
  /** Headline metrics gathered from every metrics output, keyed `<nodeId>.<metric>`. */
  metrics: Record<string, number>;
  versions: Record<string, string>;
  error?: NodeFailure;
  /** Problems of nodes this run did not cover (they did not stop it), as warnings with their JSON paths. */
  warnings?: ValidationIssue[];
  /** Set when an automation started the run. */
  trigger?: RunTrigger;
  /** The dataset versions the run's nodes read (engine/datasets); `datasetsError` says why they could not be recorded. */
  datasets?: RunDatasetRef[];
  datasetsError?: string;
}

export type RunListItem = Pick<RunRecord, 'runId' | 'status' | 'startedAt' | 'durationMs' | 'documentHash' | 'metrics' | 'trigger' | 'documentPath'> & {
  pipelineName: string;
};

/** What the engine would do for each node if run now (stale vs reusable), without running. */
export interface NodePlan {
  nodeId: string;
  status: 'stale' | 'cached';
  reason: CacheReason;
}

export interface PageRequest {
  table: string;
  offset: number;
  limit: number;
  sort?: { column: string; direction: 'asc' | 'desc' };
}

export interface PageResult {
  table: string;
  offset: number;
  rowCount: number;
  columns: ColumnInfo[];
  /** Row-major cell values, already plain JSON. */
  rows: unknown[][];
}

export interface ColumnProfile {
  name: string;
  type: string;
  count: number;
  missing: number;
  distinct: number;
  min?: number | string | null;
  max?: number | string | null;
  mean?: number | null;
  std?: number | null;
  /** 5%, 25%, 50%, 75%, 95% */
  quantiles?: Record<string, number | null>;
  /** True when `quantiles` are estimates (t-digest on a large, high-cardinality column); absent when exact. */
  approximateQuantiles?: boolean;
  histogram?: { bins: { from: number; to: number; count: number }[] };
  topValues?: { value: string | null; count: number }[];
}

export interface TableProfile {
  table: string;
  rowCount: number;
  columns: ColumnProfile[];
}

/**
 * The engine as hosts see it, in-process or behind the process boundary. Its methods are declared
 * once, with their signatures, in requests/engine-requests.ts.
 */
export interface EngineApi extends EngineRequests {
  close(): Promise<void>;
}
