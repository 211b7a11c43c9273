/**
 * Choosing data files for `file` params: the folders a window may browse, the listing of one of
 * them, and the form a chosen path is stored in (relative to the saved pipeline). The window is
 * untrusted, so every folder is resolved through symlinks and must lie inside a permitted root.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { DirectoryEntry, DirectoryListing } from '../../engine/contract.js';
import { resolveParamPath, toStoredPath } from '../../engine/document/node-params.js';
import { HostError } from './host-error.js';
import { containingRoot, isInside, realOrUndefined } from './path-rules.js';

/** A folder browsing may happen in, with the name the window shows for it. */
export interface BrowseRoot {
  label: string;
  path: string;
}

/** Most entries one listing returns: a folder of a million files must not freeze the window. */
export const MAX_LISTING_ENTRIES = 5000;

/**
 * The roots for one request: the host's fixed ones plus the folder of the file this window has
 * open. That file is held host-side (GrantedPaths): a path the window passes adds no root.
 */
export function browseRoots(fixed: readonly BrowseRoot[], openFile: string | undefined): BrowseRoot[] {
  const roots = openFile ? [{ label: PIPELINE_ROOT_LABEL, path: dirname(openFile) }, ...fixed] : [...fixed];
  const seen = new Set<string>();
  const out: BrowseRoot[] = [];
  for (const r of roots) {
    const full = resolve(r.path);
    if (seen.has(full)) continue;
    seen.add(full);
    out.push({ label: r.label, path: full });
  }
  return out;
}

/** The label of the open file's folder among the places. */
export const PIPELINE_ROOT_LABEL = 'Pipeline folder';

/** The default fixed roots: the user's home plus the host's own folders (workspace, samples, ...). */
export function defaultBrowseRoots(extra: readonly BrowseRoot[] = []): BrowseRoot[] {
  return [{ label: 'Home', path: homedir() }, ...extra];
}

/**
 * Resolves `path` (symlinks included) and returns it when it really lies inside one of `roots`,
 * outside hidden folders.
 *
 * @throws HostError PATH_REFUSED naming the permitted folders.
 */
export async function confinePath(path: string, roots: readonly BrowseRoot[]): Promise<string> {
  if (!isAbsolute(path)) throw new HostError('PATH_REFUSED', `"${path}" is not an absolute path; pass the full path of the folder`);
  const full = resolve(path);
  // A missing folder is judged by its name, and then reported as missing by the listing.
  const real = (await realOrUndefined(full)) ?? full;
  if (
    (await containingRoot(
      full,
      real,
      roots.map((r) => r.path),
    )) !== undefined
  )
    return full;
  throw new HostError(
    'PATH_REFUSED',
    `"${full}" is outside the folders this window may browse (${roots.map((r) => r.path).join(', ')}); move the data file into one of them`,
  );
}

/**
 * Lists one folder for the file browser. Dot-files are left out; folders come first.
 *
 * @throws HostError PATH_REFUSED outside the roots, FILE_NOT_FOUND / NOT_A_DIRECTORY / FILE_UNREADABLE.
 */
export async function listDirectory(path: string | undefined, roots: readonly BrowseRoot[], pipelineDir: string | undefined): Promise<DirectoryListing> {
  if (roots.length === 0) throw new HostError('PATH_REFUSED', 'this host permits no folder to browse');
  const folder = await confinePath(path ?? roots[0].path, roots);
  let names: Dirent[];
  try {
    names = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new HostError('FILE_NOT_FOUND', `no folder at "${folder}"; it may have been moved or deleted`);
    if (code === 'ENOTDIR') throw new HostError('NOT_A_DIRECTORY', `"${folder}" is a file, not a folder; list its folder instead`);
    throw new HostError('FILE_UNREADABLE', `cannot list "${folder}": ${(err as Error).message}`);
  }
  const entries: DirectoryEntry[] = [];
  for (const d of names) {
    if (d.name.startsWith('.') || entries.length >= MAX_LISTING_ENTRIES) continue;
    const full = join(folder, d.name);
    try {
      // stat follows symlinks, so a link to a folder lists as a folder (and is confined when opened).
      const info = await stat(full);
      if (info.isDirectory()) entries.push({ name: d.name, kind: 'directory', path: full, modified: info.mtimeMs });
      else if (info.isFile()) entries.push({ name: d.name, kind: 'file', path: full, size: info.size, modified: info.mtimeMs });
    } catch {
      // A dangling link or a file removed meanwhile is not worth failing the whole listing for.
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'directory' ? -1 : 1));
  const up = dirname(folder);
  const parent = up !== folder && roots.some((r) => isInside(r.path, up)) ? up : undefined;
  return { path: folder, parent, stored: storedDataPath(folder, pipelineDir), entries, roots: [...roots] };
}

/** How a file param stores `path`: relative to the saved pipeline's folder, else absolute. */
export function storedDataPath(path: string, pipelineDir: string | undefined): string {
  return pipelineDir ? toStoredPath(path, pipelineDir) : path;
}

/**
 * The folder Browse starts in: the folder of the current value when it is permitted, else the
 * pipeline's folder, else the first root.
 */
export async function startFolder(current: string | undefined, roots: readonly BrowseRoot[], pipelineDir: string | undefined): Promise<string> {
  if (current) {
    const folder = dirname(resolveParamPath(current, pipelineDir, roots[0]?.path));
    try {
      const confined = await confinePath(folder, roots);
      if ((await stat(confined)).isDirectory()) return confined;
    } catch {
      // Fall through to the pipeline's folder.
    }
  }
  return pipelineDir && roots.some((r) => r.path === pipelineDir) ? pipelineDir : (roots[0]?.path ?? homedir());
}

/** The dialog filter for a param's extensions (`.csv` and `csv` both accepted). */
export function extensionFilter(extensions: readonly string[] | undefined): string[] {
  return (extensions ?? []).map((e) => e.replace(/^\./, '').toLowerCase()).filter(Boolean);
}

/** The file name part, for the native dialog's suggested name. */
export const fileNameOf = (path: string) => basename(path);
