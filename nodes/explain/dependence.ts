/**
 * Partial dependence and individual conditional expectation (ICE): for a feature, every sampled row
 * is scored again with the feature set to each grid value (quantiles of a number column, its most
 * frequent categories otherwise); an ICE line is one row across the grid, the partial dependence
 * their mean.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { featureKindOf } from '../../engine/models/preprocessing.js';
import type { ModelScorer } from './model-scorer.js';

export interface DependenceCurve {
  feature: string;
  numeric: boolean;
  /** Grid values as text (categories) and as numbers (numeric features). */
  labels: string[];
  values: (number | null)[];
  /** The mean over the sampled rows at each grid value. */
  average: number[];
  /** One line per sampled row (its `__row`), across the grid. */
  ice: { row: number; values: number[] }[];
}

/** The output explained: a class's probability (column `k`) or the predicted value (column 0). */
export const outputAt = (outputs: Float32Array, width: number, row: number, k: number) => outputs[row * width + k];

async function gridTable(data: DataPlane, base: string, column: string, type: string, points: number, grid: string): Promise<boolean> {
  const c = ident(column);
  const numeric = featureKindOf(type) === 'numeric';
  // quantile_disc gives values the column holds, so an integer column stays integer.
  const values = numeric
    ? `SELECT DISTINCT unnest(quantile_disc(${c}, [${Array.from({ length: points }, (_, i) => (points === 1 ? 0.5 : 0.05 + (0.9 * i) / (points - 1))).join(', ')}])) AS v FROM ${ident(base)}`
    : `SELECT v FROM (SELECT ${c} AS v, count(*) AS n FROM ${ident(base)} WHERE ${c} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${points})`;
  await data.run(`CREATE OR REPLACE TABLE ${ident(grid)} AS SELECT row_number() OVER (ORDER BY v) - 1 AS k, v FROM (${values}) WHERE v IS NOT NULL`);
  return numeric;
}

/**
 * `sample` holds the rows to draw ICE lines for, with their `__row`.
 *
 * @example
 * const curve = await dependence(ctx.data, scorer, 'explain_base', 'explain_sample', { name: 'age', type: 'BIGINT' }, 10, 1);
 */
export async function dependence(
  data: DataPlane,
  scorer: ModelScorer,
  base: string,
  sample: string,
  column: { name: string; type: string },
  points: number,
  outputIndex: number,
): Promise<DependenceCurve> {
  const grid = `${sample}__grid`;
  const expanded = `${sample}__expanded`;
  try {
    const numeric = await gridTable(data, base, column.name, column.type, points, grid);
    const gridRows = await data.all<{ k: number; v: unknown }>(`SELECT k, v FROM ${ident(grid)} ORDER BY k`);
    const sampleRows = (await data.all<{ r: number }>(`SELECT __row AS r FROM ${ident(sample)} ORDER BY __row`)).map((x) => Number(x.r));
    const c = ident(column.name);
    await data.run(
      `CREATE OR REPLACE TABLE ${ident(expanded)} AS SELECT s.* REPLACE (g.v AS ${c}) FROM ${ident(sample)} s CROSS JOIN ${ident(grid)} g ORDER BY g.k, s.__row`,
    );
    const got = await scorer.score(expanded);
    const n = sampleRows.length;
    const ice = sampleRows.map((row, i) => ({ row, values: gridRows.map((_, k) => outputAt(got.outputs, got.width, k * n + i, outputIndex)) }));
    const average = gridRows.map((_, k) => ice.reduce((a, line) => a + line.values[k], 0) / Math.max(n, 1));
    return {
      feature: column.name,
      numeric,
      labels: gridRows.map((g) => String(g.v)),
      values: gridRows.map((g) => (numeric ? Number(g.v) : null)),
      average,
      ice,
    };
  } finally {
    await data.dropTable(grid);
    await data.dropTable(expanded);
  }
}
