/**
 * Versions kept on every save of the window (browser mode and desktop both save through
 * `savePipeline`): what the file held before, when the app did not keep it already, then the
 * document saved, with the time and the OS user. The CLI never saves, so it records nothing.
 */
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { pipelineVersionHash } from '../../engine/document/version-hash.js';
import { VersionStore } from '../../engine/versions/version-store.js';
import type { PipelineVersion } from '../../engine/versions/version-types.js';
import { HostError } from './host-error.js';
import { readPipelineFile } from './pipeline-files.js';

/** The OS user name; a system without a passwd entry for this uid falls back to $USER, then the uid. */
export function osUserName(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
}

export interface VersionKeeper {
  /** Before the file at `path` is overwritten: keeps what it holds when its history lacks it. */
  beforeSave(path: string): Promise<void>;
  /** After `document` was written to `path`: keeps it, unless identical to the newest version. */
  afterSave(document: PipelineDocument, path: string): Promise<{ version: PipelineVersion; added: boolean }>;
  list(pipelineId: string): Promise<PipelineVersion[]>;
}

/**
 * @example
 * const keeper = createVersionKeeper(async () => workspaceDir);
 * await keeper.beforeSave(target); await writePipelineFile(target, doc); await keeper.afterSave(doc, target);
 */
export function createVersionKeeper(workspaceDir: () => Promise<string>, user: () => string = osUserName): VersionKeeper {
  let store: VersionStore | undefined;
  const storeOf = async () => {
    const dir = await workspaceDir();
    if (store?.workspaceDir !== dir) store = new VersionStore(dir);
    return store;
  };
  const failed = (what: string, path: string, err: unknown, folder: string) =>
    new HostError(
      'VERSION_NOT_KEPT',
      `${what} "${path}" could not be kept in the workspace's version history (${folder}): ${(err as Error).message}; free space there or fix its permissions, then save again`,
    );
  return {
    beforeSave: async (path) => {
      let onDisk: PipelineDocument;
      let mtime: number;
      try {
        [onDisk, mtime] = await Promise.all([readPipelineFile(path).then((o) => o.document), stat(path).then((s) => s.mtimeMs)]);
      } catch {
        // No file yet, or not a pipeline we can read: nothing of ours to keep.
        return;
      }
      const versions = await storeOf();
      const newest = (await versions.list(onDisk.id, 1))[0];
      if (newest?.hash === pipelineVersionHash(onDisk)) return;
      try {
        await versions.record({ document: onDisk, savedAt: Math.round(mtime), path, source: 'on-disk' });
      } catch (err) {
        throw failed('what the file held before this save, at', path, err, versions.folderOf(onDisk.id));
      }
    },
    afterSave: async (document, path) => {
      const versions = await storeOf();
      try {
        return await versions.record({ document, savedAt: Date.now(), user: user(), path, source: 'save' });
      } catch (err) {
        throw failed('the file was saved, but this version of', path, err, versions.folderOf(document.id));
      }
    },
    list: async (pipelineId) => (await storeOf()).list(pipelineId),
  };
}
