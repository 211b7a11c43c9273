/**
 * Whether an edge may be drawn, answered without running anything: the canvas calls
 * `checkConnection` on every hover while the user drags a wire, and `validateGraph` applies the same
 * rules to a whole document. Imports only types and `node-def.ts`, so the renderer can bundle it.
 */
import type { NodeDef, PortSpec } from '../node-def.js';
import type { PipelineDocument, PortRef } from '../document/schema.js';

/** The node types the engine or the window knows: a list of definitions or a map by type. */
export type NodeCatalog = readonly NodeDef[] | ReadonlyMap<string, NodeDef>;

const mapCache = new WeakMap<readonly NodeDef[], ReadonlyMap<string, NodeDef>>();

/** Looks a node type up in either catalogue shape. */
export function findDef(catalog: NodeCatalog, type: string): NodeDef | undefined {
  if (!Array.isArray(catalog)) return (catalog as ReadonlyMap<string, NodeDef>).get(type);
  const list = catalog as readonly NodeDef[];
  let map = mapCache.get(list);
  if (!map) {
    map = new Map(list.map((d) => [d.type, d]));
    mapCache.set(list, map);
  }
  return map.get(type);
}

/** All type names of a catalogue, for suggestions. */
export function catalogTypes(catalog: NodeCatalog): string[] {
  return Array.isArray(catalog) ? (catalog as readonly NodeDef[]).map((d) => d.type) : [...(catalog as ReadonlyMap<string, NodeDef>).keys()];
}

/** The message both the canvas and the graph check show for a kind mismatch. */
export function kindMismatchMessage(sourceKind: string, targetKind: string): string {
  return `a ${sourceKind} output cannot feed a ${targetKind} input`;
}

/** True when `to` can be reached from `from` by following edges forward. */
export function reaches(doc: Pick<PipelineDocument, 'edges'>, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = next.get(e.source.node);
    if (list) list.push(e.target.node);
    else next.set(e.source.node, [e.target.node]);
  }
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const t of next.get(id) ?? []) stack.push(t);
  }
  return false;
}

function port(list: readonly PortSpec[], name: string): PortSpec | undefined {
  return list.find((p) => p.name === name);
}

/**
 * Why the wire `source -> target` may not be drawn, or null when it may. `source` must be an output
 * port and `target` an input port. An input that already has a wire is refused (the canvas may
 * remove the old wire first and ask again).
 *
 * @example
 * const reason = checkConnection(doc, nodeDefs, { node: 'import', port: 'table' }, { node: 'train', port: 'model' });
 * // 'a table output cannot feed a model input'
 */
export function checkConnection(doc: Pick<PipelineDocument, 'nodes' | 'edges'>, catalog: NodeCatalog, source: PortRef, target: PortRef): string | null {
  if (source.node === target.node) return 'a node cannot feed itself';
  const sourceNode = doc.nodes.find((n) => n.id === source.node);
  const targetNode = doc.nodes.find((n) => n.id === target.node);
  if (!sourceNode) return `node "${source.node}" does not exist`;
  if (!targetNode) return `node "${target.node}" does not exist`;
  const sourceDef = findDef(catalog, sourceNode.type);
  const targetDef = findDef(catalog, targetNode.type);
  if (!sourceDef) return `node "${source.node}" has an unknown type "${sourceNode.type}"`;
  if (!targetDef) return `node "${target.node}" has an unknown type "${targetNode.type}"`;
  const out = port(sourceDef.outputs, source.port);
  if (!out) return `"${sourceDef.title}" has no output "${source.port}"`;
  const inp = port(targetDef.inputs, target.port);
  if (!inp) return `"${targetDef.title}" has no input "${target.port}"`;
  if (out.kind !== inp.kind) return kindMismatchMessage(out.kind, inp.kind);
  const taken = doc.edges.find((e) => e.target.node === target.node && e.target.port === target.port);
  if (taken) {
    return taken.source.node === source.node && taken.source.port === source.port
      ? 'these ports are already connected'
      : `input "${inp.label}" already has a connection; remove it first`;
  }
  if (reaches(doc, target.node, source.node)) return `this wire would make a cycle ("${target.node}" already feeds "${source.node}")`;
  return null;
}
