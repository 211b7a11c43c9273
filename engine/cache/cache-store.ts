/**
 * The node-output cache, persisted in the workspace so it outlives the engine process:
 *
 * - `cache/<key>.json`: one entry per cache key, holding the node's outputs (plain JSON values);
 * - DuckDB tables `t_<key16>_<port>` in the workspace database, owned by the entry;
 * - `artifacts/<key16>/`: files the node wrote (models, reports), owned by the entry;
 * - `cache/index.json`: per pipeline node, the key material of its last few keys, newest last, so
 *   the engine can say what changed since last time and the window can show past runs.
 *
 * A node id keeps at most `KEYS_PER_NODE` keys; older entries are evicted with their tables and
 * artifact folders, unless another node still lists the same key.
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataPlane } from '../data/data-plane.js';
import { ident } from '../data/data-plane.js';
import type { CacheReason } from '../events.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { redactKeysDeep } from '../secrets/key-shapes.js';
import type { PortValue } from '../values.js';
import { explainChange, type KeyMaterial } from './cache-reason.js';

/**
 * Bump when the meaning of a key or the entry layout changes: every old entry then misses.
 * 2: Evaluate counts rows of unseen classes in its headline metrics, so older cached metrics are stale.
 */
export const CACHE_FORMAT_VERSION = 2;
export const KEYS_PER_NODE = 5;

export interface HistoryEntry extends KeyMaterial {
  runId: string;
  at: number;
}

export interface CacheEntry {
  key: string;
  nodeId: string;
  runId: string;
  createdAt: number;
  outputs: Record<string, PortValue>;
}

/** Table name owned by a cache key for one output port (`ctx.outputTable`). */
export function tableNameFor(key: string, port: string): string {
  return `t_${key.slice(0, 16)}_${port.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * One workspace's node-output cache (see the file comment for the layout).
 *
 * @example
 * const cache = await CacheStore.open(workspaceDir, data);
 * const { reason, entry } = await cache.lookup(`${doc.id}/${nodeId}`, material);
 */
export class CacheStore {
  private history = new Map<string, HistoryEntry[]>();
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    readonly cacheDir: string,
    readonly artifactsRoot: string,
    private readonly data: DataPlane,
  ) {}

  /** Opens the cache of a workspace, reading its index (an unreadable index starts empty). */
  static async open(workspaceDir: string, data: DataPlane): Promise<CacheStore> {
    const store = new CacheStore(join(workspaceDir, 'cache'), join(workspaceDir, 'artifacts'), data);
    await mkdir(store.cacheDir, { recursive: true });
    await mkdir(store.artifactsRoot, { recursive: true });
    try {
      const saved = JSON.parse(await readFile(join(store.cacheDir, 'index.json'), 'utf8')) as { nodes?: Record<string, HistoryEntry[]> };
      for (const [id, list] of Object.entries(saved.nodes ?? {})) store.history.set(id, list);
    } catch {
      // No index yet (fresh workspace) or a damaged one: start over; entries are simply re-made.
    }
    return store;
  }

  artifactDirFor(key: string): string {
    return join(this.artifactsRoot, key.slice(0, 16));
  }

  /** Key material recorded for a node, newest last. `historyId` is `<pipelineId>/<nodeId>`. */
  historyOf(historyId: string): readonly HistoryEntry[] {
    return this.history.get(historyId) ?? [];
  }

  async readEntry(key: string): Promise<CacheEntry | undefined> {
    try {
      return JSON.parse(await readFile(join(this.cacheDir, `${key}.json`), 'utf8')) as CacheEntry;
    } catch {
      return undefined;
    }
  }

  /** What is gone from a cached entry (a dropped table, a deleted model folder), or null when whole. */
  async missingPart(entry: CacheEntry): Promise<string | null> {
    for (const [port, value] of Object.entries(entry.outputs)) {
      if (value.kind === 'table' && !(await this.data.tableExists(value.table))) return `table ${value.table} (output "${port}") no longer exists`;
      if (value.kind === 'model' && !(await exists(value.dir))) return `model folder ${value.dir} (output "${port}") no longer exists`;
    }
    return null;
  }

  /**
   * Whether the node can be reused, and why or why not. Reuse needs an entry for this exact key
   * whose tables and model folders still exist.
   */
  async lookup(historyId: string, material: KeyMaterial): Promise<{ reason: CacheReason; entry?: CacheEntry }> {
    const entry = await this.readEntry(material.key);
    const past = this.historyOf(historyId);
    if (entry) {
      const missing = await this.missingPart(entry);
      if (!missing) {
        const latest = past[past.length - 1];
        const message = latest && latest.key !== material.key ? `same as run ${entry.runId} (back to earlier settings)` : `same as run ${entry.runId}`;
        return { reason: { decision: 'reuse', code: 'same-as-previous', message, fromRunId: entry.runId }, entry };
      }
      return { reason: { decision: 'run', code: 'cache-missing', message: `cached outputs are gone: ${missing}` } };
    }
    const sameKey = past.find((h) => h.key === material.key);
    if (sameKey) return { reason: { decision: 'run', code: 'cache-missing', message: `cached outputs of run ${sameKey.runId} are gone` } };
    // The index holds redacted params; compare like with like (the marker's hash still tells two keys apart).
    return { reason: explainChange(past[past.length - 1], { ...material, params: redactKeysDeep(material.params) }) };
  }

  /** Clears what a key owns before a node (re)runs under it: leftover tables and artifact files. */
  async prepare(key: string): Promise<string> {
    await this.dropOwned(key);
    const dir = this.artifactDirFor(key);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Removes what a failed or cancelled run left under a key. */
  async discard(key: string): Promise<void> {
    await this.dropOwned(key);
  }

  /** Stores a node's outputs under its key and records the key in the node's history. */
  async commit(historyId: string, nodeId: string, material: KeyMaterial, runId: string, outputs: Record<string, PortValue>): Promise<void> {
    const entry: CacheEntry = { key: material.key, nodeId, runId, createdAt: Date.now(), outputs };
    await writeFileAtomic(join(this.cacheDir, `${material.key}.json`), `${JSON.stringify(entry, null, 2)}\n`);
    await this.remember(historyId, { ...material, runId, at: entry.createdAt });
  }

  /** Records that a node was reused, so the next comparison is against what actually ran last. */
  async touch(historyId: string, material: KeyMaterial, runId: string): Promise<void> {
    await this.remember(historyId, { ...material, runId, at: Date.now() });
  }

  private async remember(historyId: string, item: HistoryEntry): Promise<void> {
    const before = this.history.get(historyId) ?? [];
    const kept = before.filter((h) => h.key !== item.key);
    // Reuse keeps the run that produced the outputs, not the run that merely reused them.
    const producer = before.find((h) => h.key === item.key);
    // Params are kept redacted, in memory as on disk: a key typed into SQL must not land in index.json.
    // The cache key itself hashes the real values, so two different keys still make two entries.
    const stored = { ...item, params: redactKeysDeep(item.params), runId: producer?.runId ?? item.runId };
    const list = [...kept, stored];
    const evicted = list.splice(0, Math.max(0, list.length - KEYS_PER_NODE));
    this.history.set(historyId, list);
    const stillUsed = new Set([...this.history.values()].flatMap((l) => l.map((h) => h.key)));
    for (const old of evicted) {
      if (stillUsed.has(old.key)) continue;
      await this.dropOwned(old.key);
      await rm(join(this.cacheDir, `${old.key}.json`), { force: true });
    }
    await this.saveIndex();
  }

  private async dropOwned(key: string): Promise<void> {
    const prefix = tableNameFor(key, '');
    const rows = await this.data.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, ?)`, [prefix]);
    for (const { name } of rows) await this.data.run(`DROP TABLE IF EXISTS ${ident(name)}`);
    await rm(this.artifactDirFor(key), { recursive: true, force: true });
  }

  /** Index writes are chained so two nodes finishing together never interleave their files. */
  private saveIndex(): Promise<void> {
    const text = `${JSON.stringify({ format: CACHE_FORMAT_VERSION, nodes: Object.fromEntries(this.history) }, null, 2)}\n`;
    this.writes = this.writes.catch(() => undefined).then(() => writeFileAtomic(join(this.cacheDir, 'index.json'), text));
    return this.writes;
  }

  /** Waits for pending index writes. */
  flush(): Promise<void> {
    return this.writes;
  }
}
