/** Atomic file writes: readers never see a half-written model or model card. */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes to a temporary file beside the target, then renames it into place (atomic on one filesystem).
 *
 * @example
 * await writeFileAtomic(join(dir, 'model.json'), JSON.stringify(topology));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
