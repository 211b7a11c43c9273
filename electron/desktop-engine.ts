/**
 * Starts the engine in an Electron utilityProcess through the process client's transport
 * abstraction: the main process never runs a node, it only relays. A crash of the engine (native
 * fault, out of memory) is reported to the windows and the next request starts a fresh one.
 */
import { utilityProcess } from 'electron';
import type { NodeFailure } from '../engine/events.js';
import { EngineClient } from '../hosts/shared/engine-client.js';
import { defaultMaxOldSpaceMb, utilityProcessTransport } from '../engine/process/transport.js';

export function startDesktopEngine(entry: string, workspaceDir: string, onCrash: (failure: NodeFailure) => void): EngineClient {
  return new EngineClient({
    workspaceDir,
    onCrash,
    launch: () =>
      utilityProcessTransport(
        utilityProcess.fork(entry, [], {
          serviceName: 'Lifecycle Studio Engine',
          stdio: 'pipe',
          execArgv: [`--max-old-space-size=${defaultMaxOldSpaceMb()}`],
        }),
      ),
  });
}
