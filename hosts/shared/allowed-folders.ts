/**
 * Folders the user allowed a pipeline to use beyond its own folder, the workspace and the samples.
 * Kept in the user's config folder, never in the document: allowing is the user's act, and a
 * pipeline file from someone else must not carry its own permissions.
 *
 * Keyed by the pipeline file's real path, not the document id: the id is written by whoever wrote
 * the file, so a stranger's file could copy the id of a pipeline the user trusts and inherit its
 * folders. A path is where the user keeps the file; moving it asks again.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { HostError } from './host-error.js';
import { readConfigField } from './config-json.js';

interface Stored {
  pipelines: Record<string, string[]>;
}

export class AllowedFolders {
  private readonly file: string;
  /** Serialises read-modify-write cycles so two quick grants do not lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(configDir: string, fileName = 'allowed-folders.json') {
    this.file = join(configDir, fileName);
  }

  private async read(): Promise<Stored> {
    // A missing or damaged file grants nothing; the next grant rewrites it.
    const pipelines = await readConfigField(this.file, 'pipelines');
    return { pipelines: typeof pipelines === 'object' && pipelines !== null ? (pipelines as Stored['pipelines']) : {} };
  }

  /** The folders allowed for the pipeline file at `pipelinePath` (none for an unsaved document). */
  async list(pipelinePath: string | undefined): Promise<string[]> {
    if (!pipelinePath) return [];
    const key = await realpath(pipelinePath).catch(() => pipelinePath);
    const folders = (await this.read()).pipelines[key];
    return Array.isArray(folders) ? folders.filter((f): f is string => typeof f === 'string') : [];
  }

  /**
   * Remembers `folder` (an existing folder, stored as its real path) for the pipeline file.
   *
   * @throws HostError PATH_REQUIRED for an unsaved pipeline, PATH_REFUSED when `folder` is not an existing folder.
   */
  add(pipelinePath: string | undefined, folder: string): Promise<string[]> {
    const next = this.queue.then(async () => {
      if (!pipelinePath) {
        throw new HostError('PATH_REQUIRED', 'save the pipeline first: allowed folders are remembered per pipeline file');
      }
      const info = isAbsolute(folder) ? await stat(folder).catch(() => undefined) : undefined;
      if (!info?.isDirectory()) throw new HostError('PATH_REFUSED', `"${folder}" is not an existing folder; allow the folder that holds the file`);
      const key = await realpath(pipelinePath);
      const real = await realpath(folder);
      const stored = await this.read();
      const folders = [...new Set([...(stored.pipelines[key] ?? []), real])];
      stored.pipelines[key] = folders;
      await writeFileAtomic(this.file, `${JSON.stringify(stored, null, 2)}\n`);
      return folders;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
