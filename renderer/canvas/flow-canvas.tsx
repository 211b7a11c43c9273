/**
 * The canvas: React Flow bound to the store. Pan, zoom, minimap, controls, snap to grid, box
 * select (Shift+drag) and multi-select (Ctrl/Cmd/Shift+click). Deleting goes through the window's
 * shortcuts (one undo step), not React Flow's own delete key.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, type DragEvent, type MouseEvent, type RefObject } from 'react';
import { Map as MapIcon } from 'lucide-react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type EdgeTypes,
  type NodeTypes,
  type ReactFlowState,
} from '@xyflow/react';
import type { NodeDef } from '../../engine/node-def.js';
import { useResolvedTheme } from '../header/use-theme.js';
import { useStudio, useStudioStore } from '../store/studio-store-context.js';
import type { FlowEdge, FlowNode } from '../store/flow-mapping.js';
import { NODE_DRAG_TYPE } from '../palette/palette-item.js';
import { CanvasDefsContext } from './canvas-defs.js';
import { ConnectionHint } from './connection-hint.js';
import { NoteNode } from './note-node.js';
import { PipelineNode } from './pipeline-node.js';
import { QuickAdd } from './quick-add.js';
import { useConnectionRules } from './use-connection-rules.js';
import { useInsertNode } from './use-insert-node.js';
import { RoutedStepEdge } from './routed-step-edge.js';
import { useDeclaredSizes } from './use-declared-sizes.js';
import { useMinimap } from './use-minimap.js';
import { useReadableFit } from './use-readable-fit.js';
import { useTabThroughCards } from './use-tab-through-cards.js';

const nodeTypes: NodeTypes = { pipeline: PipelineNode, note: NoteNode };
// The built-in smoothstep, replaced by one that turns where no card stands.
const edgeTypes: EdgeTypes = { smoothstep: RoutedStepEdge };
/** Grid step in flow units; nodes snap to it and the dot background follows it. */
export const SNAP_GRID: [number, number] = [16, 16];

/**
 * Below this zoom the cards' text is too small to read, so the canvas draws them as title and
 * stage colour only (`canvas--far` in canvas.css). Painting every card's body, handles and shadow
 * was what held zooming the 500-node bench pipeline at 15-20 fps; without them it holds 60.
 */
export const FAR_ZOOM = 0.45;
const selectFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

/**
 * Sets `canvas--far` on the canvas element when the zoom crosses FAR_ZOOM, without re-rendering the
 * canvas: a re-render handed React Flow new option objects, and a new `defaultEdgeOptions` alone
 * re-rendered all 2,400 edges of the bench pipeline at each crossing.
 */
function FarZoomClass({ target }: { target: RefObject<HTMLDivElement | null> }) {
  const far = useStore(selectFar);
  useLayoutEffect(() => {
    target.current?.classList.toggle('canvas--far', far);
  }, [far, target]);
  return null;
}

// Module-level, so React Flow sees the same objects on every render of the canvas.
const FIT_VIEW_OPTIONS = { maxZoom: 1.2, padding: 0.2 };
const MULTI_SELECTION_KEYS = ['Meta', 'Control', 'Shift'];
const DEFAULT_EDGE_OPTIONS = { type: 'smoothstep' };
const PRO_OPTIONS = { hideAttribution: true };

/** Minimap colour per node: its stage colour, so the overview shows where each stage is. */
function minimapColorFor(defsByType: ReadonlyMap<string, NodeDef>): (node: FlowNode) => string {
  return (node) => {
    if (node.type === 'note') return 'var(--note-border)';
    const stage = defsByType.get(node.data.node.type)?.stage;
    return stage ? `var(--stage-${stage})` : 'var(--border-strong)';
  };
}

/** The pipeline canvas, bound to the store. Needs a ReactFlowProvider above it. */
export function FlowCanvas() {
  const storeNodes = useStudio((s) => s.flowNodes);
  const edges = useStudio((s) => s.flowEdges);
  const onNodesChange = useStudio((s) => s.onNodesChange);
  const onEdgesChange = useStudio((s) => s.onEdgesChange);
  const loadSeq = useStudio((s) => s.loadSeq);
  const store = useStudioStore();
  // Decided once per loaded document: a saved viewport is restored, else a non-empty document is
  // fitted at a readable zoom (use-readable-fit.ts). An empty canvas is never fitted, or the first dropped node would move the view.
  const { viewport, fit } = useMemo(() => {
    const doc = store.getState().doc;
    return { viewport: doc.viewport, fit: !doc.viewport && doc.nodes.length > 0 };
  }, [loadSeq, store]);
  const flow = useReactFlow();
  const insert = useInsertNode();
  const rules = useConnectionRules();
  const colorMode = useResolvedTheme();
  const defsByType = useStudio((s) => s.defsByType);
  const minimapColor = useMemo(() => minimapColorFor(defsByType), [defsByType]);
  const { nodes, visibleOnly } = useDeclaredSizes(storeNodes, defsByType);
  // Put away by itself in a short canvas (enlarged output panel), and by the user's toggle anywhere.
  const pane = useRef<HTMLDivElement>(null);
  const [minimap, toggleMinimap] = useMinimap(pane);
  useReadableFit(loadSeq, fit, pane, minimap, visibleOnly);
  const onKeyDown = useTabThroughCards(visibleOnly, nodes, pane);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(NODE_DRAG_TYPE)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!type) return;
      e.preventDefault();
      insert(type, { x: e.clientX, y: e.clientY });
    },
    [insert],
  );

  const onDoubleClick = useCallback(
    (e: MouseEvent) => {
      if (!(e.target as HTMLElement).classList.contains('react-flow__pane')) return;
      store.getState().setQuickAdd({ flow: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }), screen: { x: e.clientX, y: e.clientY } });
    },
    [flow, store],
  );

  return (
    <div ref={pane} className="canvas" onDragOver={onDragOver} onDrop={onDrop} onDoubleClick={onDoubleClick} onKeyDown={onKeyDown} data-testid="canvas">
      <CanvasDefsContext.Provider value={defsByType}>
        <ReactFlow<FlowNode, FlowEdge>
          key={loadSeq}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={rules.onConnect}
          onConnectStart={rules.onConnectStart}
          onConnectEnd={rules.onConnectEnd}
          isValidConnection={rules.isValidConnection}
          defaultViewport={viewport}
          onlyRenderVisibleElements={visibleOnly}
          fitViewOptions={FIT_VIEW_OPTIONS}
          minZoom={0.1}
          maxZoom={2.5}
          snapToGrid
          snapGrid={SNAP_GRID}
          deleteKeyCode={null}
          zoomOnDoubleClick={false}
          multiSelectionKeyCode={MULTI_SELECTION_KEYS}
          selectionKeyCode="Shift"
          connectionRadius={24}
          defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
          proOptions={PRO_OPTIONS}
          colorMode={colorMode}
        >
          <Background variant={BackgroundVariant.Dots} gap={SNAP_GRID[0]} size={1.2} color="var(--canvas-dots)" />
          {minimap && <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} nodeBorderRadius={6} ariaLabel="Minimap" />}
          <Controls showInteractive={false}>
            <ControlButton
              onClick={toggleMinimap}
              aria-label={minimap ? 'Hide minimap' : 'Show minimap'}
              title={minimap ? 'Hide minimap' : 'Show minimap'}
              aria-pressed={minimap}
              data-testid="minimap-toggle"
            >
              <MapIcon size={14} aria-hidden />
            </ControlButton>
          </Controls>
          <FarZoomClass target={pane} />
        </ReactFlow>
      </CanvasDefsContext.Provider>
      <ConnectionHint />
      <QuickAdd />
    </div>
  );
}
