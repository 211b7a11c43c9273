/**
 * The engine process's entry: builds the engine with the node catalogue and serves it to the host
 * that forked this process (CLI, browser-mode server, or Electron's utilityProcess). Lives in host
 * code because only a host may hand the engine its nodes (engine/ never imports nodes/); both hosts
 * start it (cli/engine-host.ts, electron/engine-entry.ts).
 */
import { createEngine } from '../../engine/engine.js';
import { serveEngine } from '../../engine/process/engine-server.js';
import { currentProcessPort } from '../../engine/process/transport.js';
import { nodeCatalog } from '../../nodes/index.js';
import { packageVersions } from './engine-versions.js';
import { ServiceManager } from './services/service-manager.js';

let chosen: Promise<Record<string, string>> | undefined;

/** Library versions plus the TensorFlow.js backend this process trains on (chosen once, on first ask). */
function versions(): Promise<Record<string, string>> {
  chosen ??= (async () => {
    // The TF.js backend is picked here, once per engine process: tfjs-node, else wasm, else cpu.
    // Loaded lazily so validation-only processes do not pay for initialising WebAssembly.
    const { getTf } = await import('../../engine/models/tf-backend.js');
    const { backend } = await getTf();
    return { ...packageVersions(), tfBackend: backend.label, tfjs: backend.tfjsVersion };
  })();
  return chosen;
}

// The engine process owns no service: the manager records each in the workspace's registry, where every host sees it.
serveEngine(
  currentProcessPort(),
  ({ workspaceDir }) => createEngine({ nodes: nodeCatalog, workspaceDir, versions, services: new ServiceManager({ workspaceDir }) }),
  {
    versions,
  },
);
