/**
 * Hovering a wire on the canvas shows what flows through it (row count and columns). Listens on the
 * document for React Flow's edge elements (`.react-flow__edge[data-id]`), so the canvas needs no
 * wiring for it; mount once anywhere in the window.
 */
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { edgeFlowText, useEdgeFlow } from './edge-flow.js';

interface Hover {
  edgeId: string;
  x: number;
  y: number;
}

function Tip({ hover }: { hover: Hover }) {
  const text = edgeFlowText(useEdgeFlow(hover.edgeId));
  return (
    <div className="edge-flow-tooltip" role="tooltip" data-testid="edge-flow-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }}>
      {text}
    </div>
  );
}

/**
 * @example
 * <EdgeFlowTooltip />
 */
export function EdgeFlowTooltip() {
  const [hover, setHover] = useState<Hover>();
  useEffect(() => {
    const onMove = (e: MouseEvent) => {
      const edge = (e.target as Element | null)?.closest?.('.react-flow__edge[data-id]');
      const edgeId = edge?.getAttribute('data-id') ?? undefined;
      setHover((h) =>
        !edgeId
          ? undefined
          : h && h.edgeId === edgeId && Math.abs(h.x - e.clientX) < 4 && Math.abs(h.y - e.clientY) < 4
            ? h
            : { edgeId, x: e.clientX, y: e.clientY },
      );
    };
    document.addEventListener('mousemove', onMove);
    return () => document.removeEventListener('mousemove', onMove);
  }, []);
  return hover ? createPortal(<Tip hover={hover} />, document.body) : null;
}
