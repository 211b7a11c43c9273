/**
 * Adding a node from the palette (Enter or click), the quick-add picker or a dropped file: placed at
 * the given screen point, or in the middle of the visible canvas, nudged so repeated inserts do not
 * stack exactly on top of each other.
 */
import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useStudioStore } from '../store/studio-store-context.js';

/** Node card size used to centre a new card on the point. */
const CARD = { width: 200, height: 70 };

/** Returns `insert(type, screenPoint?, params?)`, which adds the node and returns its id. */
export function useInsertNode() {
  const store = useStudioStore();
  const flow = useReactFlow();
  return useCallback(
    (type: string, screen?: { x: number; y: number }, params?: Record<string, unknown>) => {
      let point = screen;
      if (!point) {
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        point = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 400, y: 300 };
      }
      const at = flow.screenToFlowPosition(point);
      const pos = { x: at.x - CARD.width / 2, y: at.y - CARD.height / 2 };
      const { doc } = store.getState();
      // Step down while another node already sits at (nearly) the same place.
      while (doc.nodes.some((n) => Math.abs(n.position.x - pos.x) < 24 && Math.abs(n.position.y - pos.y) < 24)) pos.y += 90;
      return store.getState().addNode(type, pos, params);
    },
    [flow, store],
  );
}
