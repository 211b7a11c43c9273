/**
 * The engine process's entry: builds the engine with the node catalogue and serves it to the host
 * that forked this process (CLI, browser-mode server, or Electron's utilityProcess). Lives in cli/
 * because only a host may hand the engine its nodes (engine/ never imports nodes/).
 */
import { createEngine } from '../engine/engine.js';
import { serveEngine } from '../engine/process/engine-server.js';
import { currentProcessPort } from '../engine/process/transport.js';
import { nodeCatalog } from '../nodes/index.js';
import { packageVersions } from './engine-versions.js';

async function versions(): Promise<Record<string, string>> {
  const out = packageVersions();
  // TF.js BACKEND GOES HERE: once engine/models/tf-backend.ts exists (training nodes), choose the
  // backend once per process (tfjs-node, else wasm, else cpu) and record it, e.g.
  //   out.tfBackend = await chooseTfBackend();
  return out;
}

serveEngine(currentProcessPort(), ({ workspaceDir }) => createEngine({ nodes: nodeCatalog, workspaceDir, versions }), { versions });
