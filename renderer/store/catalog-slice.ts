/**
 * The node catalogue as the window knows it: the `def.ts` data of every node type. Palette, cards
 * and inspector read it; nothing about a node is hard-coded in the window.
 */
import type { NodeDef } from '../../engine/node-def.js';
import type { SliceCreator } from './store-types.js';

export interface CatalogSlice {
  defs: readonly NodeDef[];
  defsByType: ReadonlyMap<string, NodeDef>;
  setDefs(defs: readonly NodeDef[]): void;
}

/** Builds the catalogue slice with an initial list of definitions. */
export function createCatalogSlice(initial: readonly NodeDef[]): SliceCreator<CatalogSlice> {
  return (set) => ({
    defs: initial,
    defsByType: new Map(initial.map((d) => [d.type, d])),
    setDefs: (defs) => set({ defs, defsByType: new Map(defs.map((d) => [d.type, d])) }),
  });
}
