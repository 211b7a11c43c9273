/**
 * A lock file shared by every process on a workspace: created exclusively (`wx`) holding the
 * holder's pid, removed when the work ends; a lock whose holder died (a crash mid-update) is
 * broken. The same scheme as the service registry's (hosts/shared/services/registry-file.ts),
 * here in the engine so engine-side stores (datasets) can use it.
 */
import { open, readFile, rm } from 'node:fs/promises';

const LOCK_TRIES = 400;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function breakStaleLock(lockFile: string): Promise<boolean> {
  const holder = Number(await readFile(lockFile, 'utf8').catch(() => ''));
  if (!Number.isInteger(holder) || holder <= 0 || pidAlive(holder)) return false;
  await rm(lockFile, { force: true });
  return true;
}

/**
 * Runs `work` while holding `lockFile` (its folder must exist). `what` names the store in the
 * error given when the lock never frees.
 *
 * @example
 * await withFileLock(join(dir, '.lock'), 'the dataset records', () => update());
 */
export async function withFileLock<T>(lockFile: string, what: string, work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockFile, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await breakStaleLock(lockFile)) continue;
      if (attempt >= LOCK_TRIES) throw new Error(`${what} stay locked by ${lockFile}. If no Lifecycle Studio process is running, delete that file.`);
      await delay(Math.min(5 + attempt * 5, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}
