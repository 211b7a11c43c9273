/**
 * What a raw row must bring for a premade model (alone or with a custom head): the columns its
 * inputs map, typed by the element type each input takes, then the head's other columns. The
 * package's input schema and the server's row checks both read this list.
 */
import type { PremadeModelSpec } from '../../values.js';
import type { ModelRecipe, RecipePremade } from '../model-recipe.js';
import type { FittedEncoding } from '../preprocessing.js';

export interface PremadeRawColumn {
  name: string;
  type: 'number' | 'text';
  /** The DuckDB type of the column at training time, when known (the head's other columns). */
  sourceType?: string;
}

/** The head's other columns: its encoding's features after the premade output's values. */
export const headExtraFeatures = (encoding: FittedEncoding, premade: RecipePremade) =>
  encoding.features.slice(premade.head?.featureWidth ?? encoding.features.length);

/**
 * @example
 * const columns = premadeRawColumns(recipe, recipe.premade); // [{ name: 'age', type: 'number' }, ...]
 */
export function premadeRawColumns(recipe: Pick<ModelRecipe, 'encoding'>, premade: RecipePremade): PremadeRawColumn[] {
  const out = new Map<string, PremadeRawColumn>();
  for (const input of premade.spec.inputs) {
    for (const name of input.columns) out.set(name, { name, type: input.elemType === 'string' ? 'text' : 'number' });
  }
  for (const f of premade.head ? headExtraFeatures(recipe.encoding, premade) : []) {
    if (!out.has(f.name)) out.set(f.name, { name: f.name, type: f.kind === 'numeric' ? 'number' : 'text', sourceType: f.sourceType });
  }
  return [...out.values()];
}

/**
 * The encoding of a premade model scored alone: no features of its own (the mapping feeds the
 * model), only the target, so a package and a server know the task and the class names.
 */
export function premadeOnlyEncoding(spec: PremadeModelSpec, target: string, fingerprint: string): FittedEncoding {
  const task = spec.task === 'regression' ? 'regression' : 'classification';
  return {
    features: [],
    target: { name: target, sourceType: task === 'classification' ? 'VARCHAR' : 'DOUBLE', task, ...(spec.labels ? { labels: spec.labels } : {}) },
    encodedNames: [],
    scaleMean: [],
    scaleStd: [],
    fittedOn: { table: spec.source, rows: 0, fingerprint },
  };
}
