/**
 * The canvas's wire: React Flow's smoothstep, turning where no card stands (step-route.ts).
 */
import { useCallback } from 'react';
import { SmoothStepEdge, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { ROUTE_MAX_CARDS, stepPosition, type Box } from './step-route.js';

/** Registered as the `smoothstep` edge type, so every wire of the canvas uses it. */
export function RoutedStepEdge(props: EdgeProps) {
  const { source, target, sourceX, sourceY, targetX, targetY } = props;
  const pick = useCallback(
    (s: ReactFlowState) => {
      if (s.nodeLookup.size > ROUTE_MAX_CARDS) return undefined;
      const cards: Box[] = [];
      let from: Box | undefined;
      let to: Box | undefined;
      for (const [id, n] of s.nodeLookup) {
        if (!n.measured.width || !n.measured.height) continue;
        const p = n.internals.positionAbsolute;
        const box = { x: p.x, y: p.y, width: n.measured.width, height: n.measured.height };
        if (id === source) from = box;
        else if (id === target) to = box;
        else cards.push(box);
      }
      return from && to ? stepPosition({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, from, to, cards) : undefined;
    },
    [source, target, sourceX, sourceY, targetX, targetY],
  );
  const step = useStore(pick);
  return <SmoothStepEdge {...props} pathOptions={step === undefined ? undefined : { stepPosition: step }} />;
}
