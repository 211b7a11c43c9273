/**
 * The recent-files list, persisted as JSON in the user's config folder so every window and both
 * hosts share it. Most recent first, no duplicates, bounded.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { readConfigField } from './config-json.js';

const MAX_RECENT = 12;

export class RecentFiles {
  private readonly file: string;
  /** Serialises read-modify-write cycles so two quick saves do not lose an entry. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(configDir: string, fileName = 'recent-files.json') {
    this.file = join(configDir, fileName);
  }

  private async read(): Promise<string[]> {
    const paths = await readConfigField(this.file, 'paths');
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  }

  /** Puts `path` at the top of the list. */
  add(path: string): Promise<void> {
    const next = this.queue.then(async () => {
      const paths = [path, ...(await this.read()).filter((p) => p !== path)].slice(0, MAX_RECENT);
      await writeFileAtomic(this.file, `${JSON.stringify({ paths }, null, 2)}\n`);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The list, most recent first, leaving out files that no longer exist. */
  async list(): Promise<string[]> {
    await this.queue;
    const paths = await this.read();
    const exists = await Promise.all(
      paths.map((p) =>
        stat(p).then(
          (s) => s.isFile(),
          () => false,
        ),
      ),
    );
    return paths.filter((_, i) => exists[i]);
  }
}
