/**
 * Where a host keeps per-user state (recent files, recovery copies) when it is not Electron, which
 * has its own `app.getPath('userData')`. Follows each OS's convention.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Overrides the folder, e.g. for tests or a portable install. */
export const CONFIG_DIR_ENV = 'LIFECYCLE_STUDIO_CONFIG_DIR';

/** The per-user config folder for Lifecycle Studio (not created here). */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env[CONFIG_DIR_ENV]) return env[CONFIG_DIR_ENV];
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Lifecycle Studio');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Lifecycle Studio');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'lifecycle-studio');
}
