/**
 * A card's size and port positions as React Flow would measure them, computed from its def: what
 * lets a large pipeline mount only the cards in view (`onlyRenderVisibleElements`). Without them
 * React Flow mounts every card once to measure it, and cannot draw a wire to a card it has not
 * measured. The figures follow canvas.css (`.node-card` width and padding, `.port-slot-N`, the
 * handle's 12 px box) and the port steps below, which pipeline-node.tsx places its handles by;
 * test/e2e/canvas-large.spec.ts compares them with the cards Chromium lays out.
 */
import { Position, type NodeHandle } from '@xyflow/react';
import type { NodeDef } from '../../engine/node-def.js';
import type { PipelineNode } from '../../engine/document/schema.js';
import type { FlowNode } from '../store/flow-mapping.js';
import { paramSummary } from './param-summary.js';

/**
 * Ports sit at fixed steps from the card's top rather than at fractions of its height: the first
 * ports of two cards in a row then line up and the wire between them runs straight (at fractions a
 * one-port card's port sat mid-card and a two-port card's at a third, a kink in most wires).
 * The steps are classes (canvas.css `.port-slot-N`, `.ports-N`) for up to SLOT_CLASSES_UP_TO ports
 * a side: an inline style per handle made Chromium compute each handle's style from scratch.
 */
export const PORT_TOP = 30;
export const PORT_STEP = 22;
/** Room below the last port, so that every port stays on the card however short its text. */
export const PORT_BOTTOM = 18;
export const SLOT_CLASSES_UP_TO = 6;

/** `.node-card` width (border-box) and border. */
export const CARD_WIDTH = 210;
const BORDER = 1;
/** `.port-handle.react-flow__handle`: 12 px square, centred on the card's padding edge by React Flow's translate(-50%, -50%). */
const HANDLE = 12;

/**
 * Heights of a card's parts (canvas.css, measured in Chromium on the sample pipelines: a card with
 * summary and no label is 83 px, a label adds 18, a two-line title 17). The title's wrap is guessed
 * from its length, on the high side: the height only decides whether an unmeasured card counts as
 * in view, and a card counted in too early costs one mount, one counted out too late a gap at the
 * pane's edge.
 */
const FRAME = 2 * BORDER + 16; // border and padding, top and bottom
const HEAD = 24; // the icon, which a one-line title does not exceed
const TWO_LINE_HEAD = 33;
const BODY_TOP = 5;
const PILL = 18;
const LINE = 15 + 3; // a text-xs line (type, summary) and the body's gap
/** Titles longer than this may wrap to a second line in the title's 150 px. */
const ONE_LINE_TITLE = 18;

/** The height React Flow would measure for `node`'s card, or a little more; before any run (the run line adds to it). */
export function cardHeight(def: NodeDef, node: PipelineNode, hasSummary: boolean): number {
  const title = node.label ?? def.title;
  const head = title.length > ONE_LINE_TITLE ? TWO_LINE_HEAD : HEAD;
  const content = FRAME + head + BODY_TOP + PILL + (node.label ? LINE : 0) + (hasSummary ? LINE : 0);
  const ports = Math.max(def.inputs.length, def.outputs.length, 1);
  return Math.max(content, PORT_TOP + (ports - 1) * PORT_STEP + PORT_BOTTOM);
}

/** Handle boxes relative to the card's top-left, as React Flow's measurement gives them. */
export function cardHandles(def: NodeDef): NodeHandle[] {
  const at = (index: number) => BORDER + PORT_TOP + index * PORT_STEP - HANDLE / 2;
  return [
    ...def.inputs.map((p, i) => ({
      id: p.name,
      type: 'target' as const,
      position: Position.Left,
      x: BORDER - HANDLE / 2,
      y: at(i),
      width: HANDLE,
      height: HANDLE,
    })),
    ...def.outputs.map((p, i) => ({
      id: p.name,
      type: 'source' as const,
      position: Position.Right,
      x: CARD_WIDTH - BORDER - HANDLE / 2,
      y: at(i),
      width: HANDLE,
      height: HANDLE,
    })),
  ];
}

/**
 * The flow node with its card's declared size and handles (notes and cards of unknown type are
 * left as they are: React Flow mounts and measures them). The size goes in as `measured` until React
 * Flow has measured the card, not as `initialWidth`/`initialHeight`: React Flow counts a node without
 * `measured` as not initialised, and its fitView (the fit button, View > Fit) waits until every node
 * is, which never happens to cards that are never mounted. A mounted card's own size replaces it.
 */
export function withDeclaredSize(node: FlowNode, def: NodeDef | undefined): FlowNode {
  if (node.type !== 'pipeline' || !def) return node;
  const doc = node.data.node;
  const measured = node.measured?.width ? node.measured : { width: CARD_WIDTH, height: cardHeight(def, doc, paramSummary(def, doc.params) !== '') };
  return { ...node, measured, handles: cardHandles(def) };
}
