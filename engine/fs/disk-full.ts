/**
 * A full disk, in plain words. ENOSPC from Node and DuckDB's "No space left on device" IO error
 * become one code, DISK_FULL, whose message says the disk is full, which folder, what is free
 * there and how much the workspace itself holds, instead of the raw text.
 */
import { lstat, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../errors.js';
import type { NodeFailure } from '../events.js';

export const DISK_FULL = 'DISK_FULL';

// Node's errno text, DuckDB's IO error ("Could not write file ...: No space left on device"), and the
// quota variant, which a user meets the same way.
const FULL_TEXT = /ENOSPC|EDQUOT|no space left on device|disk quota exceeded|not enough space on the disk/i;

/** True for an error (or a failure's message) that means the disk or quota is full. */
export function isDiskFull(error: unknown): boolean {
  if (typeof error === 'string') return FULL_TEXT.test(error);
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === DISK_FULL) return true;
  return typeof message === 'string' && FULL_TEXT.test(message);
}

/** 1.5 KB, 7.6 MB, 12 GB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Bytes the files under `dir` take on disk (allocated blocks, so a sparse database counts what it uses). */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else
      total += await lstat(path)
        .then((s) => (s.blocks ? s.blocks * 512 : s.size))
        .catch(() => 0);
  }
  return total;
}

/** What a DISK_FULL message says about the workspace: where it is, what is free there, what it holds. */
export async function diskFullMessage(workspaceDir: string): Promise<string> {
  const held = formatBytes(await folderBytes(workspaceDir));
  const free = await statfs(workspaceDir)
    .then((s) => `${formatBytes(s.bavail * s.bsize)} free of ${formatBytes(s.blocks * s.bsize)}`)
    .catch(() => 'free space unknown');
  return errorMessage('DISK_FULL', workspaceDir, free, held);
}

export const DISK_FULL_HINT =
  'Free space on that disk (delete old runs from the history, or files you no longer need), or run with the workspace on a larger disk (--workspace DIR), then run again.';

/**
 * The failure to report for `error`: DISK_FULL in plain words when the disk is full (the raw text
 * kept in `stack` for a bug report), else `failure` unchanged.
 */
export async function plainDiskFull(failure: NodeFailure, workspaceDir: string): Promise<NodeFailure> {
  if (failure.code === DISK_FULL || !isDiskFull(failure.message)) return failure;
  const raw = [failure.message, failure.stack].filter(Boolean).join('\n');
  return { code: DISK_FULL, message: await diskFullMessage(workspaceDir), hint: DISK_FULL_HINT, stack: raw };
}
