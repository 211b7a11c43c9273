/**
 * Fits a freshly loaded document once its cards are measured (or, for a pipeline that mounts only
 * the cards in view, at once on their declared sizes), with {@link readableViewport} instead of
 * React Flow's fitView (which would shrink a long pipeline below readable size).
 */
import { useEffect, useRef, type RefObject } from 'react';
import { getNodesBounds, useNodesInitialized, useReactFlow } from '@xyflow/react';
import { readableViewport } from './readable-fit.js';

/**
 * Fits document `loadSeq` when `pending` (no saved viewport), once, with the minimap's corner kept
 * clear when it is shown. `declared`: the nodes carry their sizes, so the fit need not wait for
 * React Flow to measure them (it never measures the cards out of view).
 */
export function useReadableFit(loadSeq: number, pending: boolean, pane: RefObject<HTMLElement | null>, minimap: boolean, declared: boolean): void {
  const measured = useNodesInitialized();
  const flow = useReactFlow();
  const fitted = useRef<number>(-1);
  useEffect(() => {
    if (!pending || !(measured || declared) || fitted.current === loadSeq || !pane.current) return;
    const nodes = flow.getNodes();
    if (nodes.length === 0) return;
    fitted.current = loadSeq;
    // The element's own box, not React Flow's stored pane size: that lagged 16 px behind the pane
    // (seen after a 2,000-node open, before its first fit); with few cards mounted the layout it forces is cheap.
    const rect = pane.current.getBoundingClientRect();
    void flow.setViewport(readableViewport(getNodesBounds(nodes), { width: rect.width, height: rect.height }, minimap));
  }, [declared, flow, loadSeq, measured, minimap, pane, pending]);
}
