/**
 * The picture of a sample on the start screen, computed from its document: one rounded box per
 * node at its canvas position, coloured by its stage, and one curve per edge from the right side
 * of the source to the left side of the target, all scaled into a fixed box. Pure, so the picture
 * can never go stale against the file it is drawn from.
 */
import type { Stage } from '../../engine/node-def.js';
import type { SampleCard } from '../../engine/sample-gallery-types.js';

/** A node card's size on the canvas, in flow units (renderer/styles/canvas.css .node-card; the height of a card with one summary line). */
export const NODE_W = 210;
export const NODE_H = 72;
/** Room around the graph, in flow units. */
export const PAD = 40;

export interface PreviewBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Undefined for a type the catalogue does not know (drawn grey). */
  stage?: Stage;
}

export interface PreviewShape {
  width: number;
  height: number;
  boxes: PreviewBox[];
  /** SVG path data, one cubic curve per edge whose ends both exist. */
  curves: string[];
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * The shape of `card`'s graph fitted into `width` x `height` (aspect kept, centred).
 *
 * @example
 * const shape = previewShape(card, (type) => defsByType.get(type)?.stage, 240, 120);
 */
export function previewShape(
  card: Pick<SampleCard, 'nodes' | 'edges'>,
  stageOf: (type: string) => Stage | undefined,
  width: number,
  height: number,
): PreviewShape {
  if (card.nodes.length === 0) return { width, height, boxes: [], curves: [] };
  const minX = Math.min(...card.nodes.map((n) => n.x)) - PAD;
  const minY = Math.min(...card.nodes.map((n) => n.y)) - PAD;
  const spanX = Math.max(...card.nodes.map((n) => n.x)) + NODE_W + PAD - minX;
  const spanY = Math.max(...card.nodes.map((n) => n.y)) + NODE_H + PAD - minY;
  const scale = Math.min(width / spanX, height / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  const boxes = card.nodes.map((n) => ({
    id: n.id,
    x: round(offX + (n.x - minX) * scale),
    y: round(offY + (n.y - minY) * scale),
    w: round(NODE_W * scale),
    h: round(NODE_H * scale),
    stage: stageOf(n.type),
  }));
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const curves: string[] = [];
  for (const e of card.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    const [x1, y1, x2, y2] = [s.x + s.w, s.y + s.h / 2, t.x, t.y + t.h / 2];
    const bend = round(Math.max(Math.abs(x2 - x1) / 2, 8));
    curves.push(`M${round(x1)},${round(y1)} C${round(x1 + bend)},${round(y1)} ${round(x2 - bend)},${round(y2)} ${round(x2)},${round(y2)}`);
  }
  return { width, height, boxes, curves };
}

/** The first sentence of a description: what the sample teaches, in one line. */
export function firstSentence(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  // A stop ends the sentence when a capital or the end follows, and it does not close "e.g." or "i.e.".
  for (const m of flat.matchAll(/[.!?](?= [A-Z(]|$)/g)) {
    if (!/\b(e\.g|i\.e|etc)$/.test(flat.slice(0, m.index))) return flat.slice(0, m.index + 1);
  }
  return flat;
}
