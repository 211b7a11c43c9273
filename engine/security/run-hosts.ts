/**
 * The network side of a run's trust boundary: a pipeline file may come from someone else, so an
 * address other than loopback that a node would bind (a Deploy node's host) must be one the user
 * allowed for this pipeline, never one the file grants itself. Checked before any node runs.
 */
import { isIP } from 'node:net';
import type { PipelineDocument } from '../document/schema.js';
import { EngineError, errorMessage } from '../errors.js';
import { findDef, type NodeCatalog } from '../graph/connection-rules.js';
import { outboundHostOf } from './outbound-hosts.js';

export interface HostRefusal {
  nodeId: string;
  param: string;
  host: string;
  /** Set when the node sends rows there (a Prompt node's base URL) rather than binding it: whose rows. */
  rowsOf?: string;
}

/** 127.0.0.0/8, ::1 and localhost: this machine only. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  if (h.startsWith('::ffff:')) return isLoopback(h.slice(7));
  return isIP(h) === 4 && h.startsWith('127.');
}

/** Every bind-address param of `nodeIds` naming an address other than loopback and not in `allowed`. */
export function findRefusedHosts(doc: PipelineDocument, catalog: NodeCatalog, nodeIds: readonly string[], allowed: readonly string[]): HostRefusal[] {
  const allowedSet = new Set(allowed.map((a) => a.trim().toLowerCase()));
  const refused: HostRefusal[] = [];
  for (const id of nodeIds) {
    const node = doc.nodes.find((n) => n.id === id);
    const def = node && findDef(catalog, node.type);
    if (!node || !def) continue;
    for (const [param, spec] of Object.entries(def.params)) {
      if (spec.kind !== 'text' || !spec.bindAddress) continue;
      const value = node.params[param] ?? spec.default;
      if (typeof value !== 'string' || isLoopback(value) || allowedSet.has(value.trim().toLowerCase())) continue;
      refused.push({ nodeId: id, param, host: value });
    }
    const out = outboundHostOf(doc, node, def);
    if (out && !isLoopback(out.host) && !allowedSet.has(out.host.toLowerCase()))
      refused.push({ nodeId: id, param: out.param, host: out.host, rowsOf: out.rowsOf });
  }
  return refused;
}

/**
 * Throws `HOST_NOT_ALLOWED` (details: the `HostRefusal[]`) when a node of the run would bind an
 * address the user did not allow. `allowed` undefined: trusted embedding, no check (as `allowedRoots`).
 */
export function assertRunHosts(doc: PipelineDocument, catalog: NodeCatalog, nodeIds: readonly string[], allowed: readonly string[] | undefined): void {
  if (!allowed) return;
  const refused = findRefusedHosts(doc, catalog, nodeIds, allowed);
  if (refused.length === 0) return;
  throw new EngineError(
    'HOST_NOT_ALLOWED',
    refused
      .map((r) =>
        r.rowsOf !== undefined
          ? errorMessage('HOST_NOT_ALLOWED_OUTBOUND', r.nodeId, r.param, r.rowsOf, r.host)
          : errorMessage('HOST_NOT_ALLOWED', r.nodeId, r.param, r.host),
      )
      .join('\n'),
    refused.every((r) => r.rowsOf !== undefined)
      ? `A shared pipeline must not send your rows to a server by itself. If you trust ${refused[0].host}, allow it in the window, or pass --allow-host ${refused[0].host} to the CLI.`
      : `A shared pipeline must not expose a model to the network by itself. If you mean to, allow the address in the window, or pass --allow-host ${refused[0].host} to the CLI; otherwise use 127.0.0.1.`,
    refused,
  );
}
