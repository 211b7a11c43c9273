/**
 * Walking the pipeline graph: topological layers (Kahn), cycle finding, the upstream and downstream
 * closures a run target needs. Pure functions over the document's nodes and edges.
 */
import type { PipelineDocument } from '../document/schema.js';
import type { RunTarget } from '../engine-types.js';

type Graph = Pick<PipelineDocument, 'nodes' | 'edges'>;

/** Neighbours per node, each once, in edge order. Sets keep thousands of parallel edges linear. */
function adjacency(doc: Graph, direction: 'down' | 'up'): Map<string, string[]> {
  const sets = new Map<string, Set<string>>(doc.nodes.map((n) => [n.id, new Set()]));
  for (const e of doc.edges) {
    const [from, to] = direction === 'down' ? [e.source.node, e.target.node] : [e.target.node, e.source.node];
    if (sets.has(to)) sets.get(from)?.add(to);
  }
  return new Map([...sets].map(([id, set]) => [id, [...set]]));
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
  // Document order within a layer, by sorting each layer on the node's index: a chain of n nodes
  // has n layers, and rescanning all nodes per layer would make it quadratic.
  const order = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const layers: string[][] = [];
  let current = doc.nodes.map((n) => n.id).filter((id) => indegree.get(id) === 0);
  while (current.length) {
    layers.push(current);
    const next: string[] = [];
    for (const id of current) {
      for (const to of down.get(id) ?? []) {
        if (!indegree.has(to)) continue;
        const left = indegree.get(to)! - 1;
        indegree.set(to, left);
        if (left === 0) next.push(to);
      }
    }
    current = next.sort((a, b) => order.get(a)! - order.get(b)!);
  }
  return layers;
}

/**
 * Every distinct cycle found by depth-first search, each as its node ids in edge order
 * (`['a', 'b', 'c']` means a -> b -> c -> a). The search keeps its own stack: a chain of
 * thousands of nodes must not overflow the call stack.
 */
export function findCycles(doc: Graph): string[][] {
  const down = adjacency(doc, 'down');
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const positionOnPath = new Map<string, number>();
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const frames: { id: string; next: number }[] = [];
  const open = (id: string) => {
    state.set(id, 'open');
    positionOnPath.set(id, path.length);
    path.push(id);
    frames.push({ id, next: 0 });
  };
  for (const n of doc.nodes) {
    if (state.has(n.id)) continue;
    open(n.id);
    while (frames.length) {
      const frame = frames[frames.length - 1];
      const targets = down.get(frame.id) ?? [];
      if (frame.next >= targets.length) {
        frames.pop();
        path.pop();
        positionOnPath.delete(frame.id);
        state.set(frame.id, 'done');
        continue;
      }
      const to = targets[frame.next++];
      if (state.get(to) === 'open') {
        const cycle = path.slice(positionOnPath.get(to));
        const key = [...cycle].sort().join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(to)) open(to);
    }
  }
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
    for (const to of next.get(id) ?? []) stack.push(to);
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
