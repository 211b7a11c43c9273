/**
 * What a node may ask of the host's service manager (`ctx.services`): serve a model as a long-lived
 * service owned by the workspace, not by the run. The engine only declares it; hosts provide it
 * (hosts/shared/services), and runs embedded without a host have none.
 */

export interface DeployRequest {
  /** `<pipeline id>/<node id>`: a later deploy from the same node swaps into the same service. */
  owner: string;
  /** The model package or Train folder to serve (absolute). */
  modelDir: string;
  host: string;
  /** 0: any free port. */
  port: number;
  keepRunning: boolean;
  /** The key callers must send, and the secret name it came from (recorded, never the value). */
  apiKey?: { secretName: string; value: string };
  /** A prompt package's provider key: handed to the server in its environment under `secretName`, the name the package reads. */
  providerKey?: { secretName: string; value: string };
}

export interface DeployedService {
  serviceId: string;
  url: string;
  pid: number;
  model: string;
  version: string;
  logDir: string;
  /** True when the node's service already served this very folder: nothing was started or swapped. */
  reused?: boolean;
}

export interface ServiceProvider {
  deploy(request: DeployRequest, signal?: AbortSignal): Promise<DeployedService>;
}

/** A service's live status: its process gone (stopped), alive and not yet ready (starting), ready (running). */
export type ServiceStatus = 'running' | 'starting' | 'stopped';

/** A service as the window and the CLI see it (`listServices`); never its admin token. */
export interface ServiceInfo {
  id: string;
  /** `<pipeline id>/<node id>` of the Deploy node that started it. */
  owner?: string;
  model: string;
  version: string;
  /** The model package or Train folder it serves. */
  packageDir: string;
  url: string;
  host: string;
  port: number;
  pid: number;
  status: ServiceStatus;
  /** Epoch milliseconds of its last start. */
  startedAt: number;
  /** Milliseconds since it started, while it is not stopped. */
  uptimeMs?: number;
  stoppedAt?: number;
  /** Why it stopped: "killed by SIGKILL; last output: ...", "exit code 1; ...", "stopped by the user", "stopped when the app quit". */
  exitReason?: string;
  keepRunning: boolean;
  /** Folder of its prediction log (predictions.jsonl); its stdout and stderr are in `outputFile`. */
  logDir: string;
  outputFile: string;
}

/** Figures of a running service from its /metrics (`serviceMetrics`), over its scoring routes (/predict, v2 infer). */
export interface ServiceMetrics {
  requests: number;
  /** Answers with status 400 or above. */
  errors: number;
  /** errors / requests; 0 before any request. */
  errorRate: number;
  /** Latency quantiles in milliseconds, interpolated in the histogram buckets as Prometheus' histogram_quantile does; null before any request. */
  p50Ms: number | null;
  p99Ms: number | null;
  rowsScored: number;
}

/** A service's answer to a "try it" request (`tryService`): its HTTP status and JSON body, a refusal included. */
export interface ServiceTryAnswer {
  status: number;
  body: unknown;
}
