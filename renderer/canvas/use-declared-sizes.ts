/**
 * Large pipelines mount only the cards in view: React Flow's `onlyRenderVisibleElements`, fed with
 * each card's declared size and handles (card-size.ts) so that it neither mounts every card once to
 * measure it nor leaves out the wires to cards it has not mounted. Small pipelines keep every card
 * in the DOM, as they always had: keyboard navigation (Tab) and the e2e specs reach any card there,
 * and their cards are measured before the first fit.
 */
import { useMemo, useRef } from 'react';
import type { NodeDef } from '../../engine/node-def.js';
import type { FlowNode } from '../store/flow-mapping.js';
import { withDeclaredSize } from './card-size.js';

/**
 * From this many nodes on, only the cards in view are mounted. The bench's 500-node pipeline took
 * 0.9-1.3 s to open with all of them (bare React Flow 0.6-0.9 s); the largest sample has 13 cards.
 */
export const VISIBLE_ONLY_FROM = 250;

/**
 * The nodes to hand React Flow, and whether it should render only what is in view. Each declared
 * node is cached per store node, so an unchanged card keeps its object (React Flow then skips it).
 */
export function useDeclaredSizes(nodes: FlowNode[], defsByType: ReadonlyMap<string, NodeDef>): { nodes: FlowNode[]; visibleOnly: boolean } {
  const visibleOnly = nodes.length >= VISIBLE_ONLY_FROM;
  const cache = useRef<{ defs: ReadonlyMap<string, NodeDef>; map: WeakMap<FlowNode, FlowNode> }>({ defs: defsByType, map: new WeakMap() });
  const declared = useMemo(() => {
    if (!visibleOnly) return nodes;
    if (cache.current.defs !== defsByType) cache.current = { defs: defsByType, map: new WeakMap() };
    const map = cache.current.map;
    return nodes.map((n) => {
      let out = map.get(n);
      if (!out) {
        out = withDeclaredSize(n, n.type === 'pipeline' ? defsByType.get(n.data.node.type) : undefined);
        map.set(n, out);
      }
      return out;
    });
  }, [nodes, defsByType, visibleOnly]);
  return { nodes: declared, visibleOnly };
}
