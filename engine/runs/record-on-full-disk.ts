/**
 * Writing a run record when the disk is full. A small reserve file sits in `runs/` (written while
 * there is room); when the full record does not fit, the reserve is given up and a short record
 * (statuses, errors, metrics; no output values) is written in its place, so the run still shows
 * in the history with the reason it stopped. Earlier records are never touched: every write is atomic.
 */
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeRunRecord, RunRecord } from '../engine-types.js';
import { EngineError } from '../errors.js';
import { DISK_FULL, DISK_FULL_HINT, diskFullMessage, isDiskFull } from '../fs/disk-full.js';

/** Enough for a short record of a large pipeline (the document itself is kept). */
export const RESERVE_BYTES = 256 * 1024;
const RESERVE_NAME = '.reserve';

export const reservePath = (runsDir: string) => join(runsDir, RESERVE_NAME);

/** Writes the reserve when missing; false when there is no room for it (it is retried after the next record). */
export async function ensureReserve(runsDir: string): Promise<boolean> {
  const path = reservePath(runsDir);
  if ((await stat(path).catch(() => undefined))?.size === RESERVE_BYTES) return true;
  const handle = await open(path, 'w');
  try {
    // Real zero bytes, not a sparse file: the blocks must be taken now to be freed later.
    await handle.writeFile(new Uint8Array(RESERVE_BYTES));
    await handle.sync();
    return true;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    if (isDiskFull(error)) return false;
    throw error;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The record without output values, noting why it is short. */
export function shortRecord(record: RunRecord, note: string): RunRecord {
  const nodes: Record<string, NodeRunRecord> = {};
  for (const [id, n] of Object.entries(record.nodes)) {
    nodes[id] = { nodeId: n.nodeId, type: n.type, typeVersion: n.typeVersion, status: n.status, cacheKey: n.cacheKey, ...(n.error ? { error: n.error } : {}) };
  }
  const error = record.error ?? { code: DISK_FULL, message: note, hint: DISK_FULL_HINT };
  return { ...record, nodes, error };
}

/**
 * Saves `record` with `save`; on a full disk gives up the reserve and saves the short record.
 * Returns what was written. Throws DISK_FULL in plain words when not even that fits.
 */
export async function saveOnFullDisk(record: RunRecord, runsDir: string, workspaceDir: string, save: (r: RunRecord) => Promise<void>): Promise<RunRecord> {
  try {
    await save(record);
    await ensureReserve(runsDir).catch(() => false);
    return record;
  } catch (error) {
    if (!isDiskFull(error)) throw error;
  }
  const message = await diskFullMessage(workspaceDir);
  const short = shortRecord(record, `${message}; this run record was cut to node statuses and errors to fit`);
  await rm(reservePath(runsDir), { force: true });
  try {
    await save(short);
    return short;
  } catch (error) {
    if (!isDiskFull(error)) throw error;
    throw new EngineError(DISK_FULL, `${message}; the record of run ${record.runId} could not be written`, DISK_FULL_HINT);
  }
}
