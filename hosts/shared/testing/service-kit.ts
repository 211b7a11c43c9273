/**
 * A workspace with a trained penguins model and the window's request handlers over it, for tests of
 * the service requests on a real model server; `close` stops every service it started.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineApi } from '../../../engine/engine-types.js';
import { createTestContext } from '../../../engine/testing/fake-context.js';
import { trainPenguins } from '../../../server/testing/penguins-model.js';
import { ServiceManager } from '../services/service-manager.js';
import { createStudioHandlers, handleRequest } from '../studio-handlers.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called by service handlers`)),
});

/** @example const kit = await openServiceKit('service-try', { KEY: 'x' }); await kit.ask('listServices'); await kit.close(); */
export async function openServiceKit(nodeId: string, env?: Record<string, string>) {
  const ctx = await createTestContext({ nodeId });
  const trained = await trainPenguins(ctx.data);
  const workspace = mkdtempSync(join(tmpdir(), `ls-${nodeId}-`));
  const configDir = mkdtempSync(join(tmpdir(), `ls-${nodeId}-config-`));
  const handlers = createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'cpu', versions: {}, workspaceDir: workspace }),
    configDir,
    emit: () => undefined,
    workspaceDir: workspace,
    allowedRoots: [workspace, configDir],
    ...(env ? { env } : {}),
  }).handlers;
  return {
    ctx,
    trained,
    workspace,
    configDir,
    handlers,
    ask: (method: string, ...args: unknown[]) => handleRequest(handlers, method, args),
    close: async () => {
      const manager = new ServiceManager({ workspaceDir: workspace });
      for (const s of await manager.list()) if (s.status !== 'stopped') await manager.stop(s.id);
      ctx.data.close();
    },
  };
}
