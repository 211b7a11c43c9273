/**
 * React Flow's measured node sizes, kept on the flow nodes without handing React Flow a new nodes
 * array. React Flow has already stored a size in its own node when it reports it, so a new array
 * only made it rebuild every node and re-render every node wrapper once more after measuring: 2,000
 * of each when a 2,000-node pipeline opened. The size is recorded on the flow node object itself,
 * where later rebuilds of that node (a param edit, a selection) copy it from, and where
 * `getNodes()` and the layout commands read it.
 */
import type { NodeDimensionChange } from '@xyflow/react';
import type { FlowNode } from './flow-mapping.js';

/** True when `changes` only report sizes (no note being resized by hand, no width/height attribute to set). */
export function onlyMeasured(changes: readonly NodeDimensionChange[]): boolean {
  return changes.every((c) => c.resizing === undefined && !c.setAttributes);
}

/** Writes each change's measured size onto its flow node in place. */
export function recordMeasured(changes: readonly NodeDimensionChange[], nodes: readonly FlowNode[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const c of changes) {
    const node = byId.get(c.id);
    if (node && c.dimensions) node.measured = { ...c.dimensions };
  }
}
