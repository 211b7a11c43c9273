/**
 * Hashing for cache keys: canonical JSON (sorted keys, so key order never changes a hash), sha256,
 * and content fingerprints of the files a node reads.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { rememberedHash, rememberHash } from './hash-memo.js';

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
 * last time it was hashed (in this process, or by an earlier engine on the workspace: see
 * hash-memo.ts), so repeated plans cost one stat per file. ctime is
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
  const known = rememberedHash(path, info);
  if (known !== undefined) return `${info.size}:${known}`;
  const hashedAt = now();
  const hash = await hashFile(path);
  hashed++;
  rememberHash(path, info, hash, hashedAt);
  return `${info.size}:${hash}`;
}
