/**
 * Permutation feature importance on raw columns: each raw column of the model (a one-hot group is
 * one column here, since it is shuffled before the recipe replays) is shuffled `repeats` times and
 * the table scored again; importance is how much the model's metric worsens, with its spread.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { metricValue, worsening, type ExplainMetric, type Truth } from './metric.js';
import type { ModelScorer } from './model-scorer.js';
import { permutation, shuffleSeed } from './shuffle.js';

export interface FeatureImportance {
  feature: string;
  /** Mean worsening over the repeats. */
  importance: number;
  /** Standard deviation over the repeats (numpy's default, ddof 0, as scikit-learn reports it). */
  std: number;
  /** Share of the positive importance (negative importances count as 0). */
  share: number;
  /** The worsening of each repeat. */
  repeats: number[];
}

export interface ImportanceResult {
  metric: ExplainMetric;
  baseline: number;
  features: FeatureImportance[];
}

interface Options {
  repeats: number;
  seed: number;
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
}

async function writePermutation(data: DataPlane, table: string, perm: Int32Array): Promise<void> {
  await data.run(`CREATE OR REPLACE TABLE ${ident(table)} (i INTEGER, j INTEGER)`);
  const appender = await data.connection.createAppender(table);
  for (let i = 0; i < perm.length; i++) {
    appender.appendInteger(i);
    appender.appendInteger(perm[i]);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

/**
 * `base` holds the rows with a 0-based `__row` column in table order; `truth` lines up with it.
 *
 * @example
 * const result = await permutationImportance(ctx.data, scorer, 'explain_base', truth, 'accuracy', { repeats: 5, seed: 42, signal, onProgress });
 */
export async function permutationImportance(
  data: DataPlane,
  scorer: ModelScorer,
  base: string,
  truth: Truth,
  metric: ExplainMetric,
  o: Options,
): Promise<ImportanceResult> {
  const rows = truth.values.length;
  const first = await scorer.score(base);
  const baseline = metricValue(metric, truth, scorer.labels, first.outputs, first.width);
  const permTable = `${base}__perm`;
  const shuffled = `${base}__shuffled`;
  const features: FeatureImportance[] = [];
  const total = scorer.rawColumns.length * o.repeats;
  try {
    for (const [f, column] of scorer.rawColumns.entries()) {
      const scores: number[] = [];
      for (let r = 0; r < o.repeats; r++) {
        o.signal.throwIfAborted();
        await writePermutation(data, permTable, permutation(rows, shuffleSeed(o.seed, f, r)));
        const c = ident(column);
        // Row i takes the value of row perm[i]; ORDER BY keeps the rows in line with the truth.
        await data.run(
          `CREATE OR REPLACE TABLE ${ident(shuffled)} AS SELECT b.* REPLACE (s.${c} AS ${c}) FROM ${ident(base)} b JOIN ${ident(permTable)} p ON b.__row = p.i JOIN ${ident(base)} s ON s.__row = p.j ORDER BY b.__row`,
        );
        const got = await scorer.score(shuffled);
        scores.push(worsening(metric, baseline, metricValue(metric, truth, scorer.labels, got.outputs, got.width)));
        o.onProgress(f * o.repeats + r + 1, total);
      }
      features.push({ feature: column, importance: mean(scores), std: std(scores), share: 0, repeats: scores });
    }
  } finally {
    await data.dropTable(permTable);
    await data.dropTable(shuffled);
  }
  const positive = features.reduce((a, f) => a + Math.max(f.importance, 0), 0);
  for (const f of features) f.share = positive > 0 ? Math.max(f.importance, 0) / positive : 0;
  features.sort((a, b) => b.importance - a.importance);
  return { metric, baseline, features };
}
