/**
 * The rules every path from the window passes before the host reads, lists or writes it. Paths are
 * judged by where they really lead (symlinks resolved), so a link inside a permitted folder cannot
 * reach outside it; hidden folders (~/.ssh, ~/.config) are never written; saving never creates folders.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { HostError } from './host-error.js';

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The first hidden (dot) part of `path` below `root`, or undefined. */
export function hiddenPartBelow(root: string, path: string): string | undefined {
  return relative(root, path)
    .split(sep)
    .find((part) => part.startsWith('.') && part !== '.' && part !== '..');
}

/** The first hidden part of an absolute path, or undefined. */
export const hiddenPart = (path: string) => hiddenPartBelow(resolve('/'), path);

/** `realpath`, or undefined when the path does not exist. Other failures (EACCES) propagate. */
export async function realOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Resolves a root once per check; a missing root resolves to itself and so matches nothing real. */
async function realRoots(roots: readonly string[]): Promise<{ path: string; real: string }[]> {
  return Promise.all(roots.map(async (r) => ({ path: resolve(r), real: (await realOrUndefined(r)) ?? resolve(r) })));
}

/**
 * The real location a read of `full` reaches.
 *
 * @throws HostError FILE_NOT_FOUND when nothing is there.
 */
export async function realForRead(full: string): Promise<string> {
  const real = await realOrUndefined(full);
  if (real === undefined) throw new HostError('FILE_NOT_FOUND', `no file at "${full}"; it may have been moved or deleted`);
  return real;
}

/**
 * The real location a write of `full` reaches: the real folder (which must exist: saving never
 * creates folders) plus the file name, or the real target when the file is a link.
 *
 * @throws HostError FILE_NOT_FOUND naming the missing folder.
 */
export async function realForWrite(full: string): Promise<string> {
  const folder = dirname(full);
  const realFolder = await realOrUndefined(folder);
  if (realFolder === undefined || !(await stat(realFolder)).isDirectory()) {
    throw new HostError(
      'FILE_NOT_FOUND',
      `cannot save "${basename(full)}": there is no folder "${folder}". Saving does not create folders; choose an existing folder`,
    );
  }
  const inFolder = join(realFolder, basename(full));
  const isLink = await lstat(inFolder).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
  // A link as the target: judge where it leads (a dangling link leads nowhere we could approve).
  return isLink ? ((await realOrUndefined(inFolder)) ?? refuseDangling(full)) : inFolder;
}

function refuseDangling(full: string): never {
  throw new HostError('PATH_REFUSED', `refusing to write "${full}": it is a link to a file that does not exist; choose another name`);
}

/**
 * The root (of `roots`) that `real` lies inside without passing through a hidden folder, or
 * undefined. `full` (the path as named) must lie inside the same root, so `..` cannot step out of it.
 */
export async function containingRoot(full: string, real: string, roots: readonly string[]): Promise<string | undefined> {
  for (const root of await realRoots(roots)) {
    const named = isInside(root.path, full) || isInside(root.real, full);
    if (named && isInside(root.real, real) && hiddenPartBelow(root.real, real) === undefined) return root.path;
  }
  return undefined;
}

/**
 * Refuses a write whose real target is in (or is) a hidden file or folder. Parts above a permitted
 * root do not count: a workspace kept in `./.lifecycle-studio` is the host's own folder.
 */
export async function refuseHiddenWrite(full: string, real: string, roots: readonly string[]): Promise<void> {
  const bases = (await realRoots(roots)).filter((r) => isInside(r.real, real)).map((r) => r.real);
  const hidden = bases.length ? bases.every((b) => hiddenPartBelow(b, real) !== undefined) : hiddenPart(real) !== undefined;
  if (!hidden) return;
  const part = bases.length ? hiddenPartBelow(bases[0], real) : hiddenPart(real);
  throw new HostError(
    'PATH_REFUSED',
    `refusing to write "${full}": "${part}" is a hidden file or folder, where settings and keys live; save into a visible folder such as your home or a project folder`,
  );
}
