/**
 * The node catalogue handed to the canvas's cards by context instead of a store subscription per
 * card: with 2,000 cards, every subscription is 2,000 selector calls on each store change and two
 * effects per card on mount, for a map that changes only when the catalogue does.
 */
import { createContext, useContext } from 'react';
import type { NodeDef } from '../../engine/node-def.js';

export const CanvasDefsContext = createContext<ReadonlyMap<string, NodeDef> | null>(null);

/** The catalogue by node type, from the canvas above the card. */
export function useCanvasDefs(): ReadonlyMap<string, NodeDef> {
  const defs = useContext(CanvasDefsContext);
  if (!defs) throw new Error('A node card needs <CanvasDefsContext.Provider> above it (FlowCanvas provides it); render cards inside the canvas');
  return defs;
}
