/**
 * Palette contents: defs grouped by lifecycle stage in lifecycle order, filtered by a search that
 * matches title, type, description and port kinds. Stages without nodes are left out.
 */
import { STAGES, type NodeDef, type Stage } from '../../engine/node-def.js';

export interface PaletteGroup {
  stage: Stage;
  defs: NodeDef[];
}

/** Stage names as shown in the palette. */
export const STAGE_LABELS: Record<Stage, string> = {
  prepare: 'Prepare',
  train: 'Train',
  validate: 'Validate',
  package: 'Package',
  deploy: 'Deploy',
  monitor: 'Monitor',
  premade: 'Premade models',
  prompt: 'Prompt',
};

/** Whether `def` matches every word of `query` (case-insensitive). */
export function matchesQuery(def: NodeDef, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [def.title, def.type, def.description, def.stage, ...def.inputs.map((p) => p.kind), ...def.outputs.map((p) => p.kind)].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

/**
 * Groups in lifecycle order, each sorted by title.
 *
 * @example
 * paletteGroups(nodeDefs, 'split') // [{ stage: 'prepare', defs: [splitDef] }]
 */
export function paletteGroups(defs: readonly NodeDef[], query = ''): PaletteGroup[] {
  return STAGES.map((stage) => ({
    stage,
    defs: defs.filter((d) => d.stage === stage && matchesQuery(d, query)).sort((a, b) => a.title.localeCompare(b.title)),
  })).filter((g) => g.defs.length > 0);
}
