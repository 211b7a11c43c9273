/**
 * Run records on disk: `runs/<runId>.json` in the workspace, one file per run, written atomically.
 * Run ids sort by time as plain strings, so listing newest first is a reverse sort of file names.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunListItem, RunRecord } from '../engine-types.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { redactKeysDeep } from '../secrets/key-shapes.js';
import { ensureReserve, saveOnFullDisk } from './record-on-full-disk.js';

const RUN_ID = /^run-\d{8}-\d{6}-\d{3}-[0-9a-f]{4}$/;

let lastMs = 0;

/**
 * A new run id, `run-YYYYMMDD-HHMMSS-mmm-xxxx` in UTC. Ids made by one process strictly increase
 * (a second id in the same millisecond takes the next millisecond); the random tail keeps two
 * processes sharing a workspace apart.
 *
 * @example
 * newRunId() // 'run-20261126-095012-123-a1b2'
 */
export function newRunId(now = Date.now()): string {
  const ms = Math.max(now, lastMs + 1);
  lastMs = ms;
  const iso = new Date(ms).toISOString(); // 2026-11-26T09:50:12.123Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`;
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** True for strings shaped like a run id; anything else never reaches the file system. */
export function isRunId(value: string): boolean {
  return RUN_ID.test(value);
}

/**
 * The run records of one workspace.
 *
 * @example
 * const runs = new RunStore(join(workspaceDir, 'runs'));
 * for (const item of await runs.list()) console.log(item.runId, item.status);
 */
export class RunStore {
  constructor(readonly dir: string) {}

  private file(runId: string): string {
    return join(this.dir, `${runId}.json`);
  }

  /**
   * Writes the record with every credential-shaped text redacted (a key typed into SQL, or echoed
   * in an error message): the caller's record keeps the real values, the disk never sees them. On a
   * full disk it writes a short record instead (see record-on-full-disk.ts) and returns what it wrote.
   * The workspace is the folder holding `runs/`.
   */
  async save(record: RunRecord): Promise<RunRecord> {
    return saveOnFullDisk(record, this.dir, dirname(this.dir), (r) => writeFileAtomic(this.file(r.runId), `${JSON.stringify(redactKeysDeep(r), null, 2)}\n`));
  }

  /** Sets aside the room a short record needs on a full disk; false when the disk is already full. */
  async reserve(): Promise<boolean> {
    await mkdir(this.dir, { recursive: true });
    return ensureReserve(this.dir);
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    if (!isRunId(runId)) return undefined;
    try {
      return JSON.parse(await readFile(this.file(runId), 'utf8')) as RunRecord;
    } catch {
      return undefined;
    }
  }

  /** Newest first. Unreadable files are skipped rather than failing the whole list. */
  async list(): Promise<RunListItem[]> {
    await mkdir(this.dir, { recursive: true });
    const ids = (await readdir(this.dir))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .filter(isRunId)
      .sort()
      .reverse();
    const items: RunListItem[] = [];
    for (const id of ids) {
      const r = await this.get(id);
      if (!r) continue;
      items.push({
        runId: r.runId,
        status: r.status,
        startedAt: r.startedAt,
        durationMs: r.durationMs,
        documentHash: r.documentHash,
        metrics: r.metrics,
        pipelineName: r.document.name,
        ...(r.documentPath ? { documentPath: r.documentPath } : {}),
        ...(r.trigger ? { trigger: r.trigger } : {}),
      });
    }
    return items;
  }

  /** Deletes a record; false when there was none. */
  async delete(runId: string): Promise<boolean> {
    if (!isRunId(runId)) return false;
    try {
      await rm(this.file(runId));
      return true;
    } catch {
      return false;
    }
  }
}
