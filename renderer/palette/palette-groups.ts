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
 * How well a def answers a query, lower is better: every word in the title first (a title that starts
 * with the query before one that only contains it), then the type, then the description and ports.
 * Quick-add picks the first match on Enter, so "train" must reach Train model before Split, whose
 * description mentions training.
 */
export function matchRank(def: NodeDef, query: string): number {
  const q = query.trim().toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  const title = def.title.toLowerCase();
  if (words.length === 0) return 0;
  if (title.startsWith(q)) return 0;
  if (words.every((w) => title.split(/\W+/).some((t) => t.startsWith(w)))) return 1;
  if (words.every((w) => title.includes(w))) return 2;
  if (words.every((w) => def.type.toLowerCase().includes(w))) return 3;
  return 4;
}

/** The defs matching a query, best first; ties keep their given order. */
export function rankedMatches(defs: readonly NodeDef[], query: string): NodeDef[] {
  return defs
    .filter((d) => matchesQuery(d, query))
    .map((d, i) => ({ d, i, rank: matchRank(d, query) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.d);
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
