/**
 * The StudioApi requests about the workspace's model servers (the Deployments panel) and the
 * addresses a pipeline may bind. Spread into the handler map by studio-handlers.ts.
 */
import type { StudioRequests } from '../../engine/contract.js';
import type { AllowedHosts } from './allowed-hosts.js';
import { HostError } from './host-error.js';
import { ServiceManager } from './services/service-manager.js';
import { serviceInputSchema, tryService } from './services/service-try.js';

type Handlers<K extends keyof StudioRequests> = { [N in K]: (...args: StudioRequests[N]['args']) => Promise<StudioRequests[N]['result']> };

export interface ServiceHandlerDeps {
  /** The engine's workspace; without it there are no services. */
  workspaceDir?: string;
  /** A secret's value by name: a service started with an API key needs it for /metrics and restart. */
  secret: (name: string) => Promise<string | undefined>;
  allowedHosts: AllowedHosts;
  /** Checks a pipeline path the window names (the host's path policy). */
  checkPath: (path: string) => Promise<string>;
}

export function createServiceHandlers(
  deps: ServiceHandlerDeps,
): Handlers<
  'allowHost' | 'listServices' | 'stopService' | 'restartService' | 'serviceMetrics' | 'serviceRecentRequests' | 'serviceInputSchema' | 'tryService'
> {
  let manager: ServiceManager | undefined;
  const services = () => {
    if (!deps.workspaceDir) throw new HostError('BAD_REQUEST', 'this host has no workspace, so it has no services');
    manager ??= new ServiceManager({ workspaceDir: deps.workspaceDir, secret: deps.secret });
    return manager;
  };
  return {
    allowHost: async (host, documentPath) => deps.allowedHosts.add(await deps.checkPath(documentPath), host),
    listServices: () => services().list(),
    stopService: (id) => services().stop(id),
    restartService: (id) => services().restart(id),
    serviceMetrics: (id) => services().metrics(id),
    serviceRecentRequests: (id, limit) => services().recentRequests(id, limit ?? 50),
    serviceInputSchema: (id) => serviceInputSchema(services(), id, deps.secret),
    tryService: (id, rows) => tryService(services(), id, rows, deps.secret),
  };
}
