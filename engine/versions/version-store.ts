/**
 * Saved versions of pipelines, in the workspace (never beside the user's file):
 * `<workspace>/pipeline-versions/<key>/<versionId>.json`, one file per version, written atomically.
 *
 * Keyed by the document's `id`, not its path: the id travels with the document through Save As and
 * renames, and run records and the cache index already key by it, so a run's document leads to its
 * history. Two files sharing an id (a copied file) share one history; each version names its file.
 * The folder name is a slug of the id plus 12 hex of its sha256, so no id reaches the file system raw.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineDocument } from '../document/schema.js';
import { pipelineVersionHash } from '../document/version-hash.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { redactKeysDeep } from '../secrets/key-shapes.js';
import type { PipelineVersion } from './version-types.js';

/** The folder of the workspace holding every pipeline's versions. */
export const VERSIONS_FOLDER = 'pipeline-versions';
/** The most versions one listing returns (newest first): each carries its whole document. */
export const MAX_LISTED_VERSIONS = 200;

const VERSION_FILE = /^v-\d{8}-\d{6}-\d{3}-[0-9a-f]{4}\.json$/;
let lastMs = 0;

/** A new version id, `v-YYYYMMDD-HHMMSS-mmm-xxxx` (UTC), strictly increasing within a process. */
export function newVersionId(now = Date.now()): string {
  const ms = Math.max(now, lastMs + 1);
  lastMs = ms;
  const iso = new Date(ms).toISOString();
  return `v-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}-${randomBytes(2).toString('hex')}`;
}

/** What a caller says about a version; the store adds its id, key and hash. */
export type VersionEntry = Omit<PipelineVersion, 'versionId' | 'pipelineId' | 'hash' | 'document'> & { document: PipelineDocument };

/**
 * The versions of one workspace.
 *
 * @example
 * const store = new VersionStore(workspaceDir);
 * await store.record({ document, savedAt: Date.now(), user: 'ada', path, source: 'save' });
 * const [latest] = await store.list(document.id);
 */
export class VersionStore {
  /** Records in flight per pipeline: two saves of one pipeline in this process compare against each other in turn. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly workspaceDir: string) {}

  /** The folder of one pipeline's versions. */
  folderOf(pipelineId: string): string {
    const slug = pipelineId.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40) || 'pipeline';
    const digest = createHash('sha256').update(pipelineId).digest('hex').slice(0, 12);
    return join(this.workspaceDir, VERSIONS_FOLDER, `${slug}-${digest}`);
  }

  private async files(pipelineId: string): Promise<string[]> {
    try {
      return (await readdir(this.folderOf(pipelineId))).filter((n) => VERSION_FILE.test(n)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  private async read(pipelineId: string, name: string): Promise<PipelineVersion | undefined> {
    try {
      return JSON.parse(await readFile(join(this.folderOf(pipelineId), name), 'utf8')) as PipelineVersion;
    } catch {
      // A file cut short by a crash of another tool is skipped, not fatal to the history.
      return undefined;
    }
  }

  /** Newest first, at most `limit`. */
  async list(pipelineId: string, limit = MAX_LISTED_VERSIONS): Promise<PipelineVersion[]> {
    const names = (await this.files(pipelineId)).reverse().slice(0, limit);
    const read = await Promise.all(names.map((n) => this.read(pipelineId, n)));
    return read.filter((v): v is PipelineVersion => v !== undefined);
  }

  /** The newest version whose hash is `hash`, or undefined. */
  async findByHash(pipelineId: string, hash: string): Promise<PipelineVersion | undefined> {
    for (const name of (await this.files(pipelineId)).reverse()) {
      const v = await this.read(pipelineId, name);
      if (v?.hash === hash) return v;
    }
    return undefined;
  }

  /**
   * Keeps `entry` as the pipeline's newest version, unless the newest already has the same hash
   * (an identical save adds nothing). Returns the newest version and whether it was added.
   */
  record(entry: VersionEntry): Promise<{ version: PipelineVersion; added: boolean }> {
    const pipelineId = entry.document.id;
    const previous = this.queues.get(pipelineId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.recordNow(pipelineId, entry));
    this.queues.set(pipelineId, next);
    return next;
  }

  private async recordNow(pipelineId: string, entry: VersionEntry): Promise<{ version: PipelineVersion; added: boolean }> {
    const hash = pipelineVersionHash(entry.document);
    const names = await this.files(pipelineId);
    const newest = names.length ? await this.read(pipelineId, names[names.length - 1]) : undefined;
    if (newest?.hash === hash) return { version: newest, added: false };
    const version: PipelineVersion = { ...entry, versionId: newVersionId(), pipelineId, hash, document: redactKeysDeep(entry.document) };
    await writeFileAtomic(join(this.folderOf(pipelineId), `${version.versionId}.json`), `${JSON.stringify(version, null, 2)}\n`);
    return { version, added: true };
  }
}
