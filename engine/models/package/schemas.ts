/**
 * The package's input and output schemas as JSON Schema. The input schema describes the RAW row a
 * caller sends (before Clean/Encode steps): it is found by walking the recipe's steps backwards
 * from the columns Train encoded, so a one-hot column group becomes the text column it came from.
 */
import { premadeRawColumns } from '../head/premade-recipe.js';
import type { ModelRecipe, RecipePremade } from '../model-recipe.js';

export type JsonSchema = Record<string, unknown>;

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

function typeOf(sourceType: string): JsonSchema {
  if (NUMERIC.test(sourceType)) return { type: ['number', 'null'], 'x-duckdb-type': sourceType };
  if (/^BOOL/i.test(sourceType)) return { type: ['boolean', 'null'], 'x-duckdb-type': sourceType };
  return { type: ['string', 'null'], 'x-duckdb-type': sourceType };
}

/** JSON Schema of one raw input row. Unseen categories are allowed (they encode as zeros), so no enums. */
export function rawInputSchema(recipe: ModelRecipe): JsonSchema {
  if (recipe.premade) return premadeInputSchema(recipe, recipe.premade);
  const columns = new Map<string, JsonSchema>(recipe.encoding.features.map((f) => [f.name, typeOf(f.sourceType)]));
  for (const step of [...recipe.steps].reverse()) {
    if (step.op === 'one-hot') {
      const outs = [...step.outputs, ...(step.otherOutput ? [step.otherOutput] : [])];
      if (!outs.some((o) => columns.has(o))) continue;
      for (const o of outs) columns.delete(o);
      columns.set(step.column, { type: ['string', 'null'], examples: step.categories.slice(0, 5) });
    } else if (step.op === 'ordinal' && columns.has(step.column)) {
      columns.set(step.column, { type: ['string', 'null'], examples: step.categories.slice(0, 5) });
    } else if (step.op === 'rename' && columns.has(step.to)) {
      columns.set(step.column, columns.get(step.to)!);
      columns.delete(step.to);
    }
  }
  const names = [...columns.keys()].sort();
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, columns.get(n)])),
    required: names,
  };
}

/** A premade model's raw row: the columns its inputs map (in mapping order), then the head's other columns. */
function premadeInputSchema(recipe: ModelRecipe, premade: RecipePremade): JsonSchema {
  const columns = premadeRawColumns(recipe, premade);
  const type = (c: (typeof columns)[number]) => (c.sourceType ? typeOf(c.sourceType) : { type: [c.type === 'number' ? 'number' : 'string', 'null'] });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: Object.fromEntries(columns.map((c) => [c.name, type(c)])),
    required: columns.map((c) => c.name),
  };
}

/** JSON Schema of one prediction, named as Score names its columns. */
export function outputSchema(recipe: ModelRecipe): JsonSchema {
  const target = recipe.encoding.target;
  const predicted = `predicted_${target.name}`;
  if (target.task === 'regression') {
    return { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { [predicted]: { type: 'number' } }, required: [predicted] };
  }
  const labels = target.labels ?? [];
  const probs = labels.map((l) => `probability_${l}`);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { [predicted]: { type: 'string', enum: labels }, ...Object.fromEntries(probs.map((p) => [p, { type: 'number', minimum: 0, maximum: 1 }])) },
    required: [predicted, ...probs],
  };
}
