/**
 * Fits a freshly loaded document once its cards are measured (or, for a pipeline that mounts only
 * the cards in view, at once on their declared sizes), with {@link readableViewport} instead of
 * React Flow's fitView (which would shrink a long pipeline below readable size).
 */
import { useEffect, useRef } from 'react';
import { getNodesBounds, useNodesInitialized, useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import { readableViewport } from './readable-fit.js';

// React Flow's own record of the pane's size: reading the element's box here forced a layout of
// the whole canvas in the middle of the open (0.5 s of the 2,000-node bench's).
const selectWidth = (s: ReactFlowState) => s.width;
const selectHeight = (s: ReactFlowState) => s.height;

/**
 * Fits document `loadSeq` when `pending` (no saved viewport), once, with the minimap's corner kept
 * clear when it is shown. `declared`: the nodes carry their sizes, so the fit need not wait for
 * React Flow to measure them (it never measures the cards out of view).
 */
export function useReadableFit(loadSeq: number, pending: boolean, minimap: boolean, declared: boolean): void {
  const measured = useNodesInitialized();
  const width = useStore(selectWidth);
  const height = useStore(selectHeight);
  const flow = useReactFlow();
  const fitted = useRef<number>(-1);
  useEffect(() => {
    if (!pending || !(measured || declared) || fitted.current === loadSeq || !width || !height) return;
    const nodes = flow.getNodes();
    if (nodes.length === 0) return;
    fitted.current = loadSeq;
    void flow.setViewport(readableViewport(getNodesBounds(nodes), { width, height }, minimap));
  }, [declared, flow, height, loadSeq, measured, minimap, pending, width]);
}
