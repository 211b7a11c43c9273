/**
 * Bare React Flow, the reference for bench/canvas.bench.ts: the same nodes, positions and edges as
 * the app's generated pipeline (from `graph.json` beside this page, written by the bench), with React
 * Flow's default nodes and edges and the same canvas chrome (dot background, minimap, controls) and
 * fit, but none of the app's cards, store or styles.
 */
import { createRoot } from 'react-dom/client';
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

async function main(): Promise<void> {
  const response = await fetch('./graph.json');
  const graph = (await response.json()) as { nodes: Node[]; edges: Edge[] };
  createRoot(document.getElementById('root')!).render(
    <ReactFlow nodes={graph.nodes} edges={graph.edges} fitView fitViewOptions={{ maxZoom: 1.2, padding: 0.2 }} minZoom={0.1} maxZoom={2.5}>
      <Background variant={BackgroundVariant.Dots} gap={16} size={1.2} />
      <MiniMap />
      <Controls showInteractive={false} />
    </ReactFlow>,
  );
}

void main();
