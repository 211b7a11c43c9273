/**
 * Atomic file writes: write a temporary file beside the target, flush it, then rename over the
 * target. A crash or a full disk mid-write leaves the old file whole instead of a truncated one,
 * which matters for pipeline files, run records and the cache index.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` atomically, creating the parent folder when missing (unless
 * `createFolder` is false: a file the user saves must not conjure folders into existence).
 *
 * @example
 * await writeFileAtomic('/ws/runs/run-1.json', JSON.stringify(record, null, 2));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { createFolder?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  if (options.createFolder !== false) await mkdir(dir, { recursive: true });
  // Same folder as the target: rename is only atomic within one file system.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Copies `from` to `to` atomically (copy to a temporary file beside the target, then rename), so a
 * reader of `to` sees the old file or the whole new one.
 */
export async function copyFileAtomic(from: string, to: string): Promise<void> {
  const temp = join(dirname(to), `.${basename(to)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await copyFile(from, temp);
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
