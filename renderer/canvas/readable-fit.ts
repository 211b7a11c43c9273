/**
 * Where a freshly opened pipeline is shown: fitted, but never below a zoom where card text is
 * readable (a long pipeline then starts at its first nodes, the rest a pan away), and never under
 * the minimap in the bottom-right corner. React Flow's own fitView shrank a nine-node sample to
 * about 50%, and left its last node under the minimap once the bottom panel opened.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** Below this zoom the cards' text is too small to read (13 px titles drop under 11 px). */
export const READABLE_ZOOM = 0.8;
/** Above this a small pipeline would look blown up. */
export const MAX_FIT_ZOOM = 1.2;
/** Margin kept around the pipeline, in screen pixels. */
export const FIT_MARGIN = 32;
/** React Flow's minimap: 200 x 150 px, 15 px from the pane's bottom-right corner. */
export const MINIMAP_BOX = { width: 200, height: 150, margin: 15 };

/**
 * The viewport showing `bounds` (flow units) in a pane of `pane` size (screen pixels), kept above
 * the band the minimap sits in, at a zoom between READABLE_ZOOM and MAX_FIT_ZOOM.
 *
 * @example
 * readableViewport({ x: 0, y: 0, width: 3000, height: 200 }, { width: 1200, height: 600 }) // zoom 0.8, starting at x = 0
 */
export function readableViewport(bounds: Box, pane: { width: number; height: number }, minimap = true): Viewport {
  const bottom = minimap ? MINIMAP_BOX.height + MINIMAP_BOX.margin : 0;
  const area = { width: Math.max(1, pane.width - 2 * FIT_MARGIN), height: Math.max(1, pane.height - 2 * FIT_MARGIN - bottom) };
  const fit = Math.min(area.width / Math.max(1, bounds.width), area.height / Math.max(1, bounds.height), MAX_FIT_ZOOM);
  const zoom = Math.max(fit, READABLE_ZOOM);
  // Centred across when it fits, else its first nodes at the left margin, the rest a pan away. Always
  // from the top: opening the bottom panel later shortens the pane from below, towards the minimap.
  const offset = bounds.width * zoom <= area.width ? (area.width - bounds.width * zoom) / 2 : 0;
  return { x: FIT_MARGIN + offset - bounds.x * zoom, y: FIT_MARGIN - bounds.y * zoom, zoom };
}
