/**
 * Autosave copies of open documents, so the next start after a crash can offer to restore them.
 * One file per document id under `<configDir>/recovery/`; a clean close clears its own copy.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePipeline } from '../../engine/document/parse.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';

export interface RecoveryEntry {
  document: PipelineDocument;
  /** Where the document was last saved, if it ever was. */
  path?: string;
  savedAt: number;
}

/** File names come from document ids, which are user-editable: keep them to a safe alphabet. */
function fileNameFor(documentId: string): string {
  const safe = documentId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100);
  return `${safe}.recovery.json`;
}

export class RecoveryStore {
  readonly dir: string;

  constructor(
    configDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = join(configDir, 'recovery');
  }

  /** Writes (atomically) the recovery copy of `document`, replacing the previous one. */
  async save(document: PipelineDocument, path?: string): Promise<void> {
    const entry: RecoveryEntry = { document, ...(path ? { path } : {}), savedAt: this.now() };
    await writeFileAtomic(join(this.dir, fileNameFor(document.id)), `${JSON.stringify(entry)}\n`);
  }

  /** The newest recovery copy that still parses as a pipeline, or undefined. */
  async loadLatest(): Promise<RecoveryEntry | undefined> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.recovery.json'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let best: RecoveryEntry | undefined;
    for (const name of names) {
      try {
        const raw = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as Partial<RecoveryEntry>;
        const { document } = parsePipeline(raw.document);
        if (!document || typeof raw.savedAt !== 'number') continue;
        if (!best || raw.savedAt > best.savedAt) {
          best = { document, savedAt: raw.savedAt, ...(typeof raw.path === 'string' ? { path: raw.path } : {}) };
        }
      } catch {
        // A torn or foreign file in the folder is skipped, not fatal: recovery is best effort.
      }
    }
    return best;
  }

  /** Removes the copy of one document, or all copies when no id is given. */
  async clear(documentId?: string): Promise<void> {
    if (documentId !== undefined) {
      await rm(join(this.dir, fileNameFor(documentId)), { force: true });
      return;
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
