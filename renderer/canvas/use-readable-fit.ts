/**
 * Fits a freshly loaded document once its cards are measured, with {@link readableViewport}
 * instead of React Flow's fitView (which would shrink a long pipeline below readable size).
 */
import { useEffect, useRef, type RefObject } from 'react';
import { getNodesBounds, useNodesInitialized, useReactFlow } from '@xyflow/react';
import { readableViewport } from './readable-fit.js';

/** Fits document `loadSeq` when `pending` (no saved viewport), once, with the minimap's corner kept clear when it is shown. */
export function useReadableFit(loadSeq: number, pending: boolean, pane: RefObject<HTMLElement | null>, minimap: boolean): void {
  const measured = useNodesInitialized();
  const flow = useReactFlow();
  const fitted = useRef<number>(-1);
  useEffect(() => {
    if (!pending || !measured || fitted.current === loadSeq || !pane.current) return;
    const nodes = flow.getNodes();
    if (nodes.length === 0) return;
    fitted.current = loadSeq;
    const rect = pane.current.getBoundingClientRect();
    void flow.setViewport(readableViewport(getNodesBounds(nodes), { width: rect.width, height: rect.height }, minimap));
  }, [flow, loadSeq, measured, minimap, pane, pending]);
}
