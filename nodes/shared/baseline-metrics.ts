/**
 * The figures a model must beat to be worth anything: always predicting the most frequent true class
 * (classification) or the mean of the true values (regression), on the same evaluated rows. Without
 * them "accuracy 0.84" reads as good on a table where 76% of rows share one class.
 */
import { regressionReport } from './regression-metrics.js';

/**
 * Majority-class baseline: the share of the most frequent true class, and the model's lift over it,
 * from the count of rows of each true class (a classification report's supports, so no further
 * pass over the rows).
 */
export function majorityBaseline(classCounts: Iterable<number>, rows: number, accuracy: number): Record<string, number> {
  const top = Math.max(0, ...classCounts);
  const baseline = rows ? top / rows : NaN;
  return { baseline_accuracy: baseline, lift_over_baseline: accuracy - baseline };
}

/**
 * Predicting the mean of the evaluated values: its MAE and RMSE (the population standard deviation),
 * and R2 0 by definition, so a rule can ask a model to beat it.
 */
export function regressionBaseline(actual: ArrayLike<number>): Record<string, number> {
  const n = actual.length;
  if (n === 0) return { baseline_mae: NaN, baseline_rmse: NaN, baseline_r2: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i];
  const { mae, rmse } = regressionReport(actual, new Float64Array(n).fill(mean / n), 1).metrics;
  return { baseline_mae: mae, baseline_rmse: rmse, baseline_r2: 0 };
}

/** The baseline figure a metric is compared with, when there is one. */
export const BASELINE_OF: Record<string, string> = {
  accuracy: 'baseline_accuracy',
  mae: 'baseline_mae',
  rmse: 'baseline_rmse',
  r2: 'baseline_r2',
};
