/**
 * The other direction of the network trust boundary: a node that sends table rows to a server (a
 * Prompt node's base URL) names that host in the pipeline file, so a shared file could send someone's
 * data anywhere. Its host, unless loopback, must be one the user allowed for this pipeline (the same
 * list and `--allow-host` flag as Deploy's bind addresses, run-hosts.ts).
 */
import type { PipelineDocument } from '../document/schema.js';
import type { NodeDef } from '../node-def.js';

export interface OutboundHost {
  param: string;
  host: string;
  /** What is sent, in words: the label (or id) of the node feeding the first table input. */
  rowsOf: string;
}

/** The host name of a URL (no port, brackets stripped), or the text itself when it is not a URL. */
export function urlHost(url: string): string {
  try {
    return new URL(url.trim()).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return url.trim();
  }
}

/** The host a node would send rows to, when its def declares `sendsRowsTo`. */
export function outboundHostOf(doc: PipelineDocument, node: PipelineDocument['nodes'][number], def: NodeDef): OutboundHost | undefined {
  const param = def.sendsRowsTo;
  if (!param) return undefined;
  const spec = def.params[param] as { default?: unknown } | undefined;
  const value = node.params[param] ?? spec?.default;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const port = def.inputs.find((p) => p.kind === 'table')?.name;
  const edge = doc.edges.find((e) => e.target.node === node.id && e.target.port === port);
  const source = edge && doc.nodes.find((n) => n.id === edge.source.node);
  return { param, host: urlHost(value), rowsOf: source ? (source.label ?? source.id) : 'its input' };
}
