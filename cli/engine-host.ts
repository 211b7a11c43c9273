/**
 * How the CLI hosts start the engine: a child process running `engine-entry.ts` through tsx,
 * so a checkout works without a build step; from the prebuilt CLI (cli/bundle.mjs), its built entry.
 */
import { fileURLToPath } from 'node:url';
import { EngineClient, type EngineClientOptions } from '../hosts/shared/engine-client.js';

// Defined by cli/bundle.mjs in a build; undeclared (typeof 'undefined') when running from the sources.
declare const __BUNDLED_ENGINE_ENTRY__: string | undefined;

/** Absolute path of the engine process entry. */
export const ENGINE_ENTRY =
  typeof __BUNDLED_ENGINE_ENTRY__ === 'string' ? __BUNDLED_ENGINE_ENTRY__ : fileURLToPath(new URL('../hosts/shared/engine-entry.ts', import.meta.url));

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
