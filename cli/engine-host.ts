/**
 * How the CLI hosts start the engine: a child process running `engine-entry.ts` through tsx,
 * so a checkout works without a build step.
 */
import { fileURLToPath } from 'node:url';
import { EngineClient, type EngineClientOptions } from '../hosts/shared/engine-client.js';

/** Absolute path of the engine process entry. */
export const ENGINE_ENTRY = fileURLToPath(new URL('../hosts/shared/engine-entry.ts', import.meta.url));

/**
 * An engine in its own process on `workspaceDir`; close it when done so the process exits.
 *
 * @example
 * const engine = startEngine('/data/.lifecycle-studio');
 * try { await engine.run(doc); } finally { await engine.close(); }
 */
export function startEngine(workspaceDir: string, options: Omit<EngineClientOptions, 'workspaceDir' | 'launch' | 'entry'> = {}): EngineClient {
  return new EngineClient({ ...options, workspaceDir, entry: ENGINE_ENTRY });
}
