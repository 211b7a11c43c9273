/**
 * Walking the pipeline graph: topological layers (Kahn), cycle finding, the upstream and downstream
 * closures a run target needs. Pure functions over the document's nodes and edges.
 */
import type { PipelineDocument } from '../document/schema.js';
import type { RunTarget } from '../engine-types.js';

type Graph = Pick<PipelineDocument, 'nodes' | 'edges'>;

function adjacency(doc: Graph, direction: 'down' | 'up'): Map<string, string[]> {
  const out = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
  for (const e of doc.edges) {
    const [from, to] = direction === 'down' ? [e.source.node, e.target.node] : [e.target.node, e.source.node];
    if (out.has(from) && out.has(to) && !out.get(from)!.includes(to)) out.get(from)!.push(to);
  }
  return out;
}

/**
 * Kahn's algorithm by layers: layer 0 has no upstream, layer k depends only on earlier layers, so
 * the nodes of one layer may run side by side. Within a layer, nodes keep document order. Nodes on a
 * cycle never reach in-degree 0 and are left out (validation reports the cycle before any run).
 *
 * @example
 * topologicalLayers(doc) // [['import'], ['clean'], ['split'], ['train-a', 'train-b']]
 */
export function topologicalLayers(doc: Graph, only?: ReadonlySet<string>): string[][] {
  const include = (id: string) => !only || only.has(id);
  const down = adjacency(doc, 'down');
  const indegree = new Map<string, number>();
  for (const n of doc.nodes) if (include(n.id)) indegree.set(n.id, 0);
  for (const [from, tos] of down) {
    if (!include(from)) continue;
    for (const to of tos) if (indegree.has(to)) indegree.set(to, indegree.get(to)! + 1);
  }
  const layers: string[][] = [];
  let current = doc.nodes.map((n) => n.id).filter((id) => indegree.get(id) === 0);
  while (current.length) {
    layers.push(current);
    const next = new Set<string>();
    for (const id of current) {
      for (const to of down.get(id) ?? []) {
        if (!indegree.has(to)) continue;
        const left = indegree.get(to)! - 1;
        indegree.set(to, left);
        if (left === 0) next.add(to);
      }
    }
    current = doc.nodes.map((n) => n.id).filter((id) => next.has(id));
  }
  return layers;
}

/**
 * Every distinct cycle found by depth-first search, each as its node ids in edge order
 * (`['a', 'b', 'c']` means a -> b -> c -> a).
 */
export function findCycles(doc: Graph): string[][] {
  const down = adjacency(doc, 'down');
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const to of down.get(id) ?? []) {
      if (state.get(to) === 'open') {
        const cycle = stack.slice(stack.indexOf(to));
        const key = [...cycle].sort().join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const n of doc.nodes) if (!state.has(n.id)) visit(n.id);
  return cycles;
}

/** The node ids reachable from `start` (included) going up (what it needs) or down (what it feeds). */
export function closure(doc: Graph, start: string, direction: 'up' | 'down'): Set<string> {
  const next = adjacency(doc, direction);
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return seen;
}

/**
 * The node ids a run target covers: all; a node and its upstream; or a node, its upstream and
 * everything downstream of it together with what those downstream nodes need.
 */
export function targetNodes(doc: Graph, target: RunTarget): Set<string> {
  if (target.mode === 'all') return new Set(doc.nodes.map((n) => n.id));
  if (target.mode === 'node') return closure(doc, target.nodeId, 'up');
  const out = new Set<string>();
  for (const id of closure(doc, target.nodeId, 'down')) for (const up of closure(doc, id, 'up')) out.add(up);
  return out;
}
