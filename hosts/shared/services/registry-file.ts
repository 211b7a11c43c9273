/**
 * The workspace's service registry: `<workspace>/services/services.json`, one record per model
 * server the workspace started. The window, the CLI and any engine process on the workspace read
 * and change it, so every change holds a lock file (created exclusively; a lock whose holder died
 * is broken) and is written atomically. The folder is 0700 and the file 0600: records hold each
 * server's admin token.
 */
import { chmod, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../engine/fs/atomic-write.js';

export interface ServiceRecord {
  id: string;
  /** `<pipeline id>/<node id>` of the Deploy node that asked for it: a new version from that node swaps into this service. */
  owner?: string;
  model: string;
  version: string;
  /** The model package (or Train folder) served, as given. */
  packageDir: string;
  host: string;
  /** The port asked for (0: any free one) and the one it listens on. */
  requestedPort: number;
  port: number;
  url: string;
  pid: number;
  startedAt: number;
  keepRunning: boolean;
  /** Folder of its prediction log; its stdout and stderr go to `output.log` beside it. */
  logDir: string;
  outputFile: string;
  /** Authenticates POST /admin/load (the swap); never leaves this file and the server's environment. */
  adminToken: string;
  /** Name of the secret holding the key callers must send; restart looks it up again. */
  apiKeySecret?: string;
  /** The secret naming a prompt package's provider key, read again on restart (never the value). */
  providerKeySecret?: string;
  state: 'running' | 'stopped';
  stoppedAt?: number;
  exitReason?: string;
  /** The exit reason is a guess (the process was found gone); the process that started it may still record the real one. */
  exitUnobserved?: boolean;
}

interface Stored {
  services: ServiceRecord[];
}

const LOCK_TRIES = 400;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ServiceRegistryFile {
  readonly dir: string;
  readonly file: string;
  private readonly lockFile: string;
  /** Serialises this process's own changes before they compete for the lock file. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(workspaceDir: string) {
    this.dir = join(workspaceDir, 'services');
    this.file = join(this.dir, 'services.json');
    this.lockFile = join(this.dir, 'services.lock');
  }

  /** Every record; a missing file is an empty registry. */
  async read(): Promise<ServiceRecord[]> {
    const text = await readFile(this.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (text === undefined) return [];
    try {
      const parsed = JSON.parse(text) as Partial<Stored>;
      return Array.isArray(parsed.services) ? parsed.services : [];
    } catch {
      throw new Error(`The service registry ${this.file} is not valid JSON. Stop the model servers it lists by hand, then delete the file.`);
    }
  }

  /** Reads, applies `change` and writes back under the lock; resolves with what `change` returned. */
  update<T>(change: (services: ServiceRecord[]) => T | Promise<T>): Promise<T> {
    const next = this.queue.then(() =>
      this.locked(async () => {
        const services = await this.read();
        const result = await change(services);
        await writeFileAtomic(this.file, `${JSON.stringify({ services } satisfies Stored, null, 2)}\n`);
        await chmod(this.file, 0o600);
        return result;
      }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    await this.ensureDir();
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(this.lockFile, 'wx', 0o600);
        await handle.writeFile(String(process.pid));
        await handle.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (await this.breakStaleLock()) continue;
        if (attempt >= LOCK_TRIES)
          throw new Error(`The service registry stays locked by ${this.lockFile}. If no Lifecycle Studio process is running, delete that file.`);
        await delay(Math.min(5 + attempt * 5, 100));
      }
    }
    try {
      return await work();
    } finally {
      await rm(this.lockFile, { force: true });
    }
  }

  /** A lock left by a process that died (a crash mid-update) is removed. */
  private async breakStaleLock(): Promise<boolean> {
    const holder = Number(await readFile(this.lockFile, 'utf8').catch(() => ''));
    if (!Number.isInteger(holder) || holder <= 0 || pidAlive(holder)) return false;
    await rm(this.lockFile, { force: true });
    return true;
  }
}
