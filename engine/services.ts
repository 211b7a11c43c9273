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
