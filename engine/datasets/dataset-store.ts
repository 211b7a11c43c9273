/**
 * The workspace's dataset records: `<workspace>/datasets/<id>.json`, one file per content version
 * of a data file, written atomically. The window, the CLI and every engine process on the workspace
 * read them, and any engine may record a run, so each change holds `datasets/.lock` (see
 * fs/file-lock.ts) around its read-modify-write.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { withFileLock } from '../fs/file-lock.js';
import { redactKeysDeep } from '../secrets/key-shapes.js';
import type { DatasetColumn, DatasetListItem, DatasetModelLink, DatasetUse, DatasetVersion } from './dataset-types.js';

const ID = /^ds-[0-9a-f]{16}$/;
/** Runs kept per version: a version read by an hourly trigger must not grow without end. */
const RUNS_KEPT = 100;
/** The fingerprints a dataset can have: `<size>:<hex>` (see cache/fingerprint.ts); `missing` and folders are not datasets. */
const FINGERPRINT = /^(\d+):([0-9a-f]{16,})$/;

/** The version id of a file fingerprint, or undefined when it is not a file's content. */
export function datasetId(fingerprint: string): string | undefined {
  const m = FINGERPRINT.exec(fingerprint);
  return m ? `ds-${m[2].slice(0, 16)}` : undefined;
}

export function isDatasetId(value: string): boolean {
  return ID.test(value);
}

/** What one run tells about one file: the profile is given only for a version not seen before. */
export interface DatasetObservation {
  fingerprint: string;
  path: string;
  kind: DatasetVersion['kind'];
  use: DatasetUse;
  profile?: { rows: number | null; columns: DatasetColumn[] };
}

export class DatasetStore {
  readonly dir: string;
  private readonly lockFile: string;
  /** Serialises this process's own changes before they compete for the lock file. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(workspaceDir: string) {
    this.dir = join(workspaceDir, 'datasets');
    this.lockFile = join(this.dir, '.lock');
  }

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  async get(id: string): Promise<DatasetVersion | undefined> {
    if (!isDatasetId(id)) return undefined;
    try {
      return JSON.parse(await readFile(this.file(id), 'utf8')) as DatasetVersion;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(
        `The dataset record ${this.file(id)} cannot be read (${(err as Error).message}); delete it and run the pipeline again to record it anew.`,
      );
    }
  }

  /** Every version, oldest first. Unreadable files are skipped rather than failing the whole list. */
  async all(): Promise<DatasetVersion[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: DatasetVersion[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || !isDatasetId(name.slice(0, -5))) continue;
      const v = await this.get(name.slice(0, -5)).catch(() => undefined);
      if (v) out.push(v);
    }
    return out.sort((a, b) => a.firstSeen - b.firstSeen || a.id.localeCompare(b.id));
  }

  /** The list rows, newest first; `version` numbers the versions read at one path by first sighting. */
  async list(): Promise<DatasetListItem[]> {
    const all = await this.all();
    const seenAt = new Map<string, number>();
    const items = all.map((v) => {
      const version = (seenAt.get(v.path) ?? 0) + 1;
      seenAt.set(v.path, version);
      return {
        id: v.id,
        path: v.path,
        version,
        kind: v.kind,
        bytes: v.bytes,
        rows: v.rows,
        columnCount: v.columns.length,
        firstSeen: v.firstSeen,
        lastSeen: v.lastSeen,
        runCount: v.runCount,
        models: v.models.map((m) => ({ name: m.name, version: m.version })),
      };
    });
    return items.reverse();
  }

  /** True when the version is recorded, so its profile need not be computed again. */
  async has(fingerprint: string): Promise<boolean> {
    const id = datasetId(fingerprint);
    return id !== undefined && (await this.get(id)) !== undefined;
  }

  /** Records that a run used a version: a new version with its profile, or a known one's last sighting. Returns its id. */
  async observe(o: DatasetObservation): Promise<string> {
    const id = datasetId(o.fingerprint);
    if (!id) throw new Error(`"${o.fingerprint}" is not a file fingerprint (expected <size>:<sha256>), so ${o.path} cannot be recorded as a dataset.`);
    return this.update(async () => {
      const known = await this.get(id);
      const path = resolve(o.path);
      const v: DatasetVersion = known ?? {
        id,
        fingerprint: o.fingerprint,
        bytes: Number(FINGERPRINT.exec(o.fingerprint)![1]),
        path,
        paths: [],
        kind: o.kind,
        rows: o.profile?.rows ?? null,
        columns: o.profile?.columns ?? [],
        firstSeen: o.use.at,
        lastSeen: o.use.at,
        runs: [],
        runCount: 0,
        models: [],
      };
      // A version recorded without a profile (its table was gone) takes the first one offered.
      if (known && known.rows === null && o.profile) Object.assign(v, { rows: o.profile.rows, columns: o.profile.columns });
      v.path = path;
      if (!v.paths.includes(path)) v.paths.push(path);
      v.firstSeen = Math.min(v.firstSeen, o.use.at);
      v.lastSeen = Math.max(v.lastSeen, o.use.at);
      if (!v.runs.some((r) => r.runId === o.use.runId && r.nodeId === o.use.nodeId)) {
        v.runs = [...v.runs, o.use].sort((a, b) => a.at - b.at).slice(-RUNS_KEPT);
        v.runCount++;
      }
      await this.write(v);
      return id;
    });
  }

  /** Adds a model version made from the given dataset versions (an existing link gains the new roles). */
  async linkModel(ids: string[], link: DatasetModelLink): Promise<void> {
    await this.update(async () => {
      for (const id of ids) {
        const v = await this.get(id);
        if (!v) continue;
        const same = v.models.find((m) => m.name === link.name && m.version === link.version && m.registry === link.registry);
        if (same) same.roles = [...new Set([...same.roles, ...link.roles])].sort();
        else v.models.push({ ...link, roles: [...link.roles].sort() });
        await this.write(v);
      }
    });
  }

  /** The versions a model version was made from (`registry`: its registry folder; any when left out). */
  async forModel(name: string, version: number, registry?: string): Promise<(DatasetVersion & { roles: DatasetModelLink['roles'] })[]> {
    const out = [];
    for (const v of await this.all()) {
      const link = v.models.find((m) => m.name === name && m.version === version && (registry === undefined || resolve(m.registry) === resolve(registry)));
      if (link) out.push({ ...v, roles: link.roles });
    }
    return out;
  }

  /**
   * A version by id (or a unique id prefix of 6+ characters), or the versions read at a path,
   * newest first. Empty when nothing matches.
   */
  async find(idOrPath: string): Promise<DatasetVersion[]> {
    if (isDatasetId(idOrPath)) {
      const v = await this.get(idOrPath);
      return v ? [v] : [];
    }
    const all = await this.all();
    if (/^ds-[0-9a-f]{4,15}$/.test(idOrPath)) {
      const hits = all.filter((v) => v.id.startsWith(idOrPath));
      if (hits.length) return hits;
    }
    const path = resolve(idOrPath);
    return all.filter((v) => v.paths.includes(path)).reverse();
  }

  /** Top values are the file's own text: a column of API keys must not land here in clear, as in run records (secrets/key-shapes.ts). */
  private async write(v: DatasetVersion): Promise<void> {
    await writeFileAtomic(this.file(v.id), `${JSON.stringify(redactKeysDeep(v), null, 2)}\n`);
  }

  private update<T>(change: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await mkdir(this.dir, { recursive: true });
      return withFileLock(this.lockFile, 'The dataset records', change);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
