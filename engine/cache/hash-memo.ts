/**
 * Content hashes of files already read, keyed by path and valid while the file's stat matches
 * (see `fileFingerprint`). Process-wide, since a hash depends on the file alone; each engine also
 * keeps a copy in its workspace, so a new engine process (every CLI run) need not read unchanged
 * files again. An entry checks itself against the file, so a stale or foreign copy costs a read,
 * never a wrong answer.
 */
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write.js';

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
/** Bumped on every change, so a save with nothing new writes nothing. */
let version = 0;
const savedVersion = new Map<string, number>();

/**
 * A change this close to the hash (ms) may share its ctime with it on a file system with coarse
 * timestamps, so such an entry is not trusted (git's "racily clean" rule).
 */
const RACY_MS = 3000;

/** The remembered hash of `path`, when its stat is exactly as it was when hashed, well after its last change. */
export function rememberedHash(path: string, info: Stats): string | undefined {
  const m = memo.get(path);
  const same =
    m !== undefined &&
    m.dev === info.dev &&
    m.ino === info.ino &&
    m.size === info.size &&
    m.mtimeMs === info.mtimeMs &&
    m.ctimeMs === info.ctimeMs &&
    m.hashedAt - info.ctimeMs > RACY_MS;
  return same ? m.hash : undefined;
}

/** Records the hash of `path` taken at `hashedAt` (read before the hash began) for the stat `info`. */
export function rememberHash(path: string, info: Stats, hash: string, hashedAt: number): void {
  memo.delete(path);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(path, { dev: info.dev, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, hash, hashedAt });
  version++;
}

/** Adds the entries saved in `file` (a workspace's copy) that this process does not know yet. */
export async function loadHashMemo(file: string): Promise<void> {
  let saved: Record<string, HashMemo>;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, HashMemo>;
  } catch {
    // None yet, or unreadable: it is only a cache of hashes. Nothing new to write either.
    savedVersion.set(file, version);
    return;
  }
  for (const [path, entry] of Object.entries(saved)) {
    if (!memo.has(path) && memo.size < MEMO_LIMIT && typeof entry?.hash === 'string') memo.set(path, entry);
  }
  savedVersion.set(file, version);
}

/** Writes the memo to `file` when it changed since this file was last loaded or saved. */
export async function saveHashMemo(file: string): Promise<void> {
  if (savedVersion.get(file) === version) return;
  const at = version;
  await writeFileAtomic(file, JSON.stringify(Object.fromEntries(memo)));
  savedVersion.set(file, at);
}

/** Forgets every entry (tests: stands for a new process). */
export function forgetHashes(): void {
  memo.clear();
  version++;
}
