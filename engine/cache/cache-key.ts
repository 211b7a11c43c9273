/**
 * Cache keys: sha256 over everything that decides a node's outputs, namely its type and
 * typeVersion, its parsed params (defaults filled, keys sorted), the keys of the upstream outputs on each
 * input port, fingerprints of the files it reads, and the cache format version.
 */
import type { PipelineDocument } from '../document/schema.js';
import { nodeFilePaths } from '../document/node-params.js';
import { findDef, type NodeCatalog } from '../graph/connection-rules.js';
import { parseParams, withDefaults } from '../graph/parse-params.js';
import type { KeyMaterial } from './cache-reason.js';
import { CACHE_FORMAT_VERSION } from './cache-store.js';
import { canonicalJson, fileFingerprint, sha256 } from './fingerprint.js';

/**
 * Key material of every listed node, in the order given (which must be topological, so each
 * node's upstream keys are known before it). `resolvePath` turns a stored path into an absolute one.
 *
 * @example
 * const keys = await computeKeys(doc, nodeDefs, layers.flat(), (p) => resolveParamPath(p, dir));
 */
export async function computeKeys(
  doc: PipelineDocument,
  catalog: NodeCatalog,
  orderedIds: readonly string[],
  resolvePath: (stored: string) => string,
  /** Entries a node keys on besides its file params (`NodeImpl.keyFiles`), by node type. */
  extraFiles?: (type: string, params: Record<string, unknown>) => Promise<KeyMaterial['files']>,
): Promise<Map<string, KeyMaterial>> {
  const out = new Map<string, KeyMaterial>();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  // Incoming edges per node, gathered once: scanning every edge for every node is quadratic.
  const incoming = new Map<string, PipelineDocument['edges']>();
  for (const edge of doc.edges) {
    const list = incoming.get(edge.target.node);
    if (list) list.push(edge);
    else incoming.set(edge.target.node, [edge]);
  }
  for (const id of orderedIds) {
    const node = byId.get(id)!;
    const def = findDef(catalog, node.type)!;
    // The parsed values, as the runner receives them: a default given or left out, "64, 64" or
    // ["64", "64"], give one key. Invalid params never run; their key only serves a plan.
    const parsed = parseParams(def, node.params).values;
    const params: Record<string, unknown> = parsed ?? withDefaults(def.params, node.params);
    const inputs: KeyMaterial['inputs'] = {};
    for (const edge of incoming.get(id) ?? []) {
      const upstream = out.get(edge.source.node);
      if (upstream) inputs[edge.target.port] = { node: edge.source.node, port: edge.source.port, key: upstream.key };
    }
    const files: KeyMaterial['files'] = {};
    for (const f of nodeFilePaths(def.params, params)) {
      if (!f.output) files[f.param] = { path: f.path, fingerprint: await fileFingerprint(resolvePath(f.path)) };
    }
    if (extraFiles) Object.assign(files, await extraFiles(def.type, params));
    const key = sha256(
      canonicalJson({
        cacheFormat: CACHE_FORMAT_VERSION,
        type: def.type,
        typeVersion: def.typeVersion,
        params,
        // The upstream node id is left out on purpose: rewiring to an identical node keeps the key.
        inputs: Object.fromEntries(Object.entries(inputs).map(([port, ref]) => [port, `${ref.key}:${ref.port}`])),
        files: Object.fromEntries(Object.entries(files).map(([param, f]) => [param, f.fingerprint])),
      }),
    );
    out.set(id, { key, type: def.type, typeVersion: def.typeVersion, params, inputs, files });
  }
  return out;
}
