/**
 * The hosts' hook for app quit: the workspace's services stop with the app unless the user chose
 * "keep running" for them. Called by `cli serve` when it stops and by Electron's main process on quit.
 */
import { ServiceManager } from './service-manager.js';

/** Stops every running service of the workspace not marked "keep running"; resolves with their ids. Never throws: quitting must go on. */
export async function stopServicesOnQuit(workspaceDir: string): Promise<string[]> {
  try {
    return await new ServiceManager({ workspaceDir }).stopOnQuit();
  } catch (err) {
    process.stderr.write(
      `Could not stop the model servers of ${workspaceDir}: ${(err as Error).message}. List them with \`lifecycle-studio services list\`.\n`,
    );
    return [];
  }
}
