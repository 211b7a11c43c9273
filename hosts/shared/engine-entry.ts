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
import { chosenTfBackend, getTf } from '../../engine/models/tf-backend.js';
import { packageVersions } from './engine-versions.js';
import { ServiceManager } from './services/service-manager.js';

let chosen: Promise<Record<string, string>> | undefined;
const libraries = packageVersions();

/** Library versions plus the TensorFlow.js backend this process trains on (chosen once, on first ask): the window's engine info. */
function versions(): Promise<Record<string, string>> {
  chosen ??= (async () => {
    // The TF.js backend is picked here, once per engine process: tfjs-node, else wasm, else cpu.
    const { backend } = await getTf();
    return { ...libraries, tfBackend: backend.label, tfjs: backend.tfjsVersion };
  })();
  return chosen;
}

/**
 * What a run record keeps: the libraries, and the TensorFlow.js backend when a node of this process
 * chose one. Asking never loads TensorFlow.js, which takes seconds: a run that trains nothing does not wait for it.
 */
async function runVersions(): Promise<Record<string, string>> {
  const backend = chosenTfBackend();
  return { ...libraries, ...(backend ? { tfBackend: backend.label, tfjs: backend.tfjsVersion } : {}) };
}

// The engine process owns no service: the manager records each in the workspace's registry, where every host sees it.
serveEngine(
  currentProcessPort(),
  ({ workspaceDir }) => createEngine({ nodes: nodeCatalog, workspaceDir, versions: runVersions, services: new ServiceManager({ workspaceDir }) }),
  {
    versions,
  },
);
