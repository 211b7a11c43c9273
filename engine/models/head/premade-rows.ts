/**
 * Scores rows with a packaged premade model, alone or with its custom head, to one row of class
 * probabilities (or one value) per row: what the model server answers. Rows missing a mapped column
 * the premade model does not fill are refused by name, never scored as zero.
 */
import { ident, type DataPlane } from '../../data/data-plane.js';
import type { ModelRecipe, RecipePremade } from '../model-recipe.js';
import type { OnnxSession } from '../onnx/onnx-score.js';
import type { OnnxElemType } from '../premade/signature-types.js';
import { scoreComposed } from './head-scoring.js';
import { premadeOutput } from './premade-features.js';

/** A request's fault: the server answers 400 with this message. */
export class PremadeRowsError extends Error {
  readonly statusCode = 400;
  readonly code = 'bad request';
}

async function refuseMissing(data: DataPlane, premade: RecipePremade, table: string): Promise<void> {
  const needed = premade.spec.inputs.flatMap((i) => i.columns).filter((c) => !(c in premade.spec.missing.fills));
  for (const c of needed) {
    const rows = await data.all<{ r: number }>(`SELECT CAST(rowid AS INTEGER) + 1 AS r FROM ${ident(table)} WHERE ${ident(c)} IS NULL LIMIT 5`);
    if (rows.length) {
      throw new PremadeRowsError(
        `column "${c}" is missing in row(s) ${rows.map((x) => x.r).join(', ')}; the premade model cannot score a row without it. Send a value.`,
      );
    }
  }
}

/**
 * @example
 * const { outputs, width, rows } = await scorePremadeRows(data, session, recipe, recipe.premade, 'request_1');
 */
export async function scorePremadeRows(
  data: DataPlane,
  session: OnnxSession,
  recipe: ModelRecipe,
  premade: RecipePremade,
  table: string,
): Promise<{ outputs: Float32Array; width: number; rows: number }> {
  await refuseMissing(data, premade, table);
  if (premade.head) return scoreComposed(data, session, premade.spec, recipe.encoding, premade.head, table);
  const { spec } = premade;
  if (!spec.scoreOutput) throw new PremadeRowsError('the premade model was packaged without a prediction output; pick a task in the Premade model node');
  const mapping = { ...spec, inputs: spec.inputs.map((i) => ({ ...i, elemType: i.elemType as OnnxElemType })) };
  const got = await premadeOutput(data, session, mapping, table, spec.scoreOutput);
  // A width-1 output with two class names is the probability of the second, as the Premade model node reads it.
  if (got.width !== 1 || (spec.labels?.length ?? 0) !== 2 || spec.task !== 'classification') return { outputs: got.values, width: got.width, rows: got.rows };
  const outputs = new Float32Array(got.rows * 2);
  for (let r = 0; r < got.rows; r++) {
    outputs[2 * r] = 1 - got.values[r];
    outputs[2 * r + 1] = got.values[r];
  }
  return { outputs, width: 2, rows: got.rows };
}
