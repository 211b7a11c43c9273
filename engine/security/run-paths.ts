/**
 * The trust boundary of a run. A pipeline file may come from someone else, so every path its nodes'
 * params name is resolved to its real path (symlinks followed) and must lie under a root the host
 * trusts: the pipeline's folder, the workspace, the app's samples, folders the user allowed.
 * The check runs before any node (and before the cache fingerprints read a byte of any file).
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { PipelineDocument } from '../document/schema.js';
import { nodeFilePaths } from '../document/node-params.js';
import { EngineError, errorMessage } from '../errors.js';
import { findDef, type NodeCatalog } from '../graph/connection-rules.js';

/** One path a run may not touch. `folder` is what the window offers to allow. */
export interface PathRefusal {
  nodeId: string;
  param: string;
  /** As the document stores it. */
  stored: string;
  /** Its real path, symlinks followed. */
  path: string;
  output: boolean;
  folder: string;
}

/** Lexically inside (or equal to) `root`; both absolute and already real. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The real path of `path`; for a path that does not exist yet (an output), the real path of its
 * nearest existing ancestor with the missing part appended, since that is where a write would land.
 */
export async function realPathOf(path: string): Promise<string> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      missing.push(basename(current));
      current = parent;
    }
  }
}

/** The roots as real paths, so a root reached through a symlink (/tmp on macOS) still matches. */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  return Promise.all(roots.map((r) => realPathOf(r)));
}

/**
 * Every file param of `nodeIds` whose real path lies outside every root.
 *
 * @example
 * const refused = await findRefusedPaths(doc, defs, ['import'], (p) => resolveParamPath(p, dir), ['/home/ana/pipes']);
 */
export async function findRefusedPaths(
  doc: PipelineDocument,
  catalog: NodeCatalog,
  nodeIds: readonly string[],
  resolvePath: (stored: string) => string,
  roots: readonly string[],
): Promise<PathRefusal[]> {
  const real = await realRoots(roots);
  const refused: PathRefusal[] = [];
  for (const id of nodeIds) {
    const node = doc.nodes.find((n) => n.id === id);
    const def = node && findDef(catalog, node.type);
    if (!node || !def) continue;
    for (const f of nodeFilePaths(def.params, node.params)) {
      const path = await realPathOf(resolvePath(f.path));
      if (real.some((root) => isInside(root, path))) continue;
      refused.push({ nodeId: id, param: f.param, stored: f.path, path, output: f.output, folder: dirname(path) });
    }
  }
  return refused;
}

/**
 * Throws `PATH_OUTSIDE_ROOTS` (details: the `PathRefusal[]`) when any file param of the run lies
 * outside `roots`. `roots` undefined means the caller embeds the engine as a trusted library
 * (tests, benchmarks); every host passes them.
 */
export async function assertRunPaths(
  doc: PipelineDocument,
  catalog: NodeCatalog,
  nodeIds: readonly string[],
  resolvePath: (stored: string) => string,
  roots: readonly string[] | undefined,
): Promise<void> {
  if (!roots) return;
  const refused = await findRefusedPaths(doc, catalog, nodeIds, resolvePath, roots);
  if (refused.length === 0) return;
  const lines = refused.map((r) => errorMessage('PATH_OUTSIDE_ROOTS', r.nodeId, r.param, r.path, r.output));
  throw new EngineError(
    'PATH_OUTSIDE_ROOTS',
    lines.join('\n'),
    `A run may only use files under ${roots.join(', ')}. If you trust this pipeline, allow the folder in the window, or pass --allow-path ${refused[0].folder} to the CLI.`,
    refused,
  );
}

/**
 * The folders DuckDB may reach during a run: the roots and the workspace (its database, temp
 * files and artifacts), each as given and as a real path, since nodes hand DuckDB resolved but
 * not real paths. A spill folder set outside the workspace is reachable too. Undefined roots: unconfined.
 */
export async function duckdbDirectories(workspaceDir: string, roots: readonly string[] | undefined, spillDir?: string): Promise<string[] | undefined> {
  if (!roots) return undefined;
  const given = [...roots, workspaceDir, ...(spillDir ? [spillDir] : [])].map((r) => resolve(r));
  return [...new Set([...given, ...(await realRoots(given))])];
}
