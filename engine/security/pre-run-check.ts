/**
 * What a pipeline needs that is not there, found before a run rather than by it failing: an input
 * file that does not exist, a secret that is not set, a file outside the folders the pipeline may
 * use, an address the user has not allowed. Each problem names its node and param and the fix the
 * window offers (pick the file, set the secret, allow the folder or the address).
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PipelineDocument } from '../document/schema.js';
import { nodeFilePaths, resolveParamPath } from '../document/node-params.js';
import { findDef, type NodeCatalog } from '../graph/connection-rules.js';
import { defaultParams, isParamVisible } from '../node-def.js';
import type { PreRunProblem } from '../pre-run-types.js';
import { isInside, realPathOf, realRoots } from './run-paths.js';
import { findRefusedHosts } from './run-hosts.js';

export interface PreRunCheckOptions {
  /** Absolute path of the saved pipeline file; relative data paths resolve against its folder. */
  documentPath?: string;
  /** The folders a run may use (as the host would pass them); undefined: unconfined, no folder problems. */
  roots?: readonly string[];
  /** Addresses other than loopback the user allowed; undefined: no address problems. */
  allowedHosts?: readonly string[];
  /** Whether a secret of this name is set (keychain or environment). */
  hasSecret(name: string): boolean | Promise<boolean>;
}

const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * Every problem of `doc` a run of the whole pipeline would meet, in node order.
 *
 * @example
 * const problems = await preRunProblems(doc, nodeDefs, { documentPath, roots, allowedHosts: [], hasSecret: (n) => n in process.env });
 */
export async function preRunProblems(doc: PipelineDocument, catalog: NodeCatalog, options: PreRunCheckOptions): Promise<PreRunProblem[]> {
  const pipelineDir = options.documentPath ? dirname(options.documentPath) : undefined;
  const roots = options.roots ? await realRoots(options.roots) : undefined;
  const problems: PreRunProblem[] = [];
  for (const node of doc.nodes) {
    const def = findDef(catalog, node.type);
    if (!def) continue;
    for (const f of nodeFilePaths(def.params, node.params)) {
      const resolved = resolveParamPath(f.path, pipelineDir);
      if (!f.output && !(await isFile(resolved))) {
        problems.push({
          kind: 'missing-file',
          nodeId: node.id,
          param: f.param,
          path: f.path,
          resolved,
          message: `node "${node.id}" (${node.label ?? def.title}) reads ${f.path}, which does not exist${f.path === resolved ? '' : ` (looked for ${resolved})`}`,
        });
        continue;
      }
      const real = await realPathOf(resolved);
      if (roots && !roots.some((root) => isInside(root, real))) {
        problems.push({
          kind: 'folder-not-allowed',
          nodeId: node.id,
          param: f.param,
          path: real,
          folder: dirname(real),
          output: f.output,
          message: `node "${node.id}" ${f.output ? 'writes' : 'reads'} ${real}, outside the folders this pipeline may use`,
        });
      }
    }
    // A node that sends rows nowhere (Evaluate without a grader: its address param empty) needs no key.
    const sendsTo = def.sendsRowsTo ? (node.params[def.sendsRowsTo] ?? def.params[def.sendsRowsTo]?.default) : undefined;
    const values = { ...defaultParams(def.params), ...node.params };
    for (const [param, spec] of Object.entries(def.params)) {
      if (spec.kind !== 'secret' || sendsTo === '' || !isParamVisible(spec, values)) continue;
      const name = node.params[param] ?? spec.default;
      if (typeof name !== 'string' || name === '' || (await options.hasSecret(name))) continue;
      problems.push({
        kind: 'missing-secret',
        nodeId: node.id,
        param,
        name,
        message: `node "${node.id}" needs the secret ${name} (param ${param}), which is not set`,
      });
    }
  }
  if (options.allowedHosts) {
    for (const r of findRefusedHosts(
      doc,
      catalog,
      doc.nodes.map((n) => n.id),
      options.allowedHosts,
    )) {
      const what = r.rowsOf !== undefined ? `sends rows to ${r.host}` : `serves on ${r.host}`;
      problems.push({
        kind: 'host-not-allowed',
        nodeId: r.nodeId,
        param: r.param,
        host: r.host,
        message: `node "${r.nodeId}" ${what}, an address this pipeline is not allowed to use`,
      });
    }
  }
  return problems;
}
