/**
 * Hashing for cache keys: canonical JSON (sorted keys, so key order never changes a hash), sha256,
 * and cheap fingerprints of the files a node reads.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';

/** JSON with object keys sorted at every depth; undefined fields dropped, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = (v as Record<string, unknown>)[k];
      return out;
    }
    return v;
  });
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** How much of each end of a file goes into its fingerprint. */
export const FINGERPRINT_EDGE_BYTES = 64 * 1024;

/**
 * A file's fingerprint: size, modification time, and a sha256 of its first and last 64 KiB.
 *
 * Why not a hash of the whole file: datasets run to gigabytes and the fingerprint is taken for
 * every run and every plan (each time the window asks what is stale), so it must cost
 * milliseconds. Size + mtime catch ordinary edits and saves; the head/tail hash catches a file
 * replaced by a different one of the same size with its mtime preserved (copies with `cp -p`,
 * archive extraction), and any change to a header row or to appended lines. A same-size edit in
 * the middle that also keeps the mtime is the one case it misses; the Run button's force option
 * covers it.
 *
 * @example
 * await fileFingerprint('/data/adult.csv') // '3974305:1764150000000:9f2c...'
 */
export async function fileFingerprint(path: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 'missing';
  }
  if (info.isDirectory()) return `dir:${Math.trunc(info.mtimeMs)}`;
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const headLength = Math.min(info.size, FINGERPRINT_EDGE_BYTES);
    const head = Buffer.alloc(headLength);
    await handle.read(head, 0, headLength, 0);
    hash.update(head);
    if (info.size > FINGERPRINT_EDGE_BYTES) {
      const tailLength = Math.min(info.size - FINGERPRINT_EDGE_BYTES, FINGERPRINT_EDGE_BYTES);
      const tail = Buffer.alloc(tailLength);
      await handle.read(tail, 0, tailLength, info.size - tailLength);
      hash.update(tail);
    }
    return `${info.size}:${Math.trunc(info.mtimeMs)}:${hash.digest('hex').slice(0, 16)}`;
  } finally {
    await handle.close();
  }
}
