/**
 * Hashing for cache keys: canonical JSON (sorted keys, so key order never changes a hash), sha256,
 * and content fingerprints of the files a node reads.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

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

/**
 * Content hashes of files already read, keyed by path and valid while the file's stat matches.
 * Process-wide: the hash depends on the file alone, not on the workspace asking.
 */
interface HashMemo {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  hash: string;
  /** Wall-clock time the hash was taken. */
  hashedAt: number;
}
const memo = new Map<string, HashMemo>();
const MEMO_LIMIT = 1000;

/**
 * A change this close to the hash (ms) may share its ctime with it on a file system with coarse
 * timestamps, so such a memo entry is not trusted (git's "racily clean" rule).
 */
const RACY_MS = 3000;

let hashed = 0;
/** How many times this process has read a whole file to hash it (the memo's misses). */
export function filesHashed(): number {
  return hashed;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 32);
}

/**
 * A file's fingerprint: its size and a sha256 of its whole content, so it changes exactly when
 * the content does. Decided by measurement (engine/README.md, "File fingerprints"): sha256 reads
 * about 1.5 GB/s here, so kddcup (1.9 MB) costs 3 ms and a 1 GB file 0.7 s.
 *
 * The hash is re-read only when the file's (device, inode, size, mtime, ctime) differ from the
 * last time it was hashed in this process, so repeated plans cost one stat per file. ctime is
 * what makes that safe: `touch`, `cp -p` and `rsync -t` restore or move mtime but every one of
 * them sets ctime (rsync also makes a new inode), and nothing short of changing the system clock
 * sets it back. A touch therefore re-hashes, finds the same content, and reuses the cache.
 *
 * @example
 * await fileFingerprint('/data/adult.csv') // '3974305:9f2c...'
 */
export async function fileFingerprint(path: string, now: () => number = Date.now): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 'missing';
  }
  if (info.isDirectory()) return `dir:${Math.trunc(info.mtimeMs)}`;
  const seen = memo.get(path);
  const same =
    seen !== undefined &&
    seen.dev === info.dev &&
    seen.ino === info.ino &&
    seen.size === info.size &&
    seen.mtimeMs === info.mtimeMs &&
    seen.ctimeMs === info.ctimeMs &&
    seen.hashedAt - info.ctimeMs > RACY_MS;
  if (same) return `${info.size}:${seen.hash}`;
  const hashedAt = now();
  const hash = await hashFile(path);
  hashed++;
  memo.delete(path);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(path, { dev: info.dev, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, hash, hashedAt });
  return `${info.size}:${hash}`;
}
