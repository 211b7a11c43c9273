/** Regression metrics (scikit-learn definitions) and a thinned residual sample for the chart. */

export interface RegressionReport {
  metrics: Record<string, number>;
  /** (predicted, residual = actual - predicted), at most `maxPoints`, evenly spaced in table order. */
  residuals: [number, number][];
}

/**
 * @example
 * regressionReport(Float64Array.of(3, -0.5, 2, 7), Float64Array.of(2.5, 0, 2, 8)).metrics.mae // 0.5
 */
export function regressionReport(actual: ArrayLike<number>, predicted: ArrayLike<number>, maxPoints = 2000): RegressionReport {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i];
  mean /= n || 1;
  let abs = 0;
  let sq = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const e = actual[i] - predicted[i];
    abs += Math.abs(e);
    sq += e * e;
    tot += (actual[i] - mean) ** 2;
  }
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const residuals: [number, number][] = [];
  for (let i = 0; i < n; i += step) residuals.push([predicted[i], actual[i] - predicted[i]]);
  return {
    metrics: { mae: abs / n, mse: sq / n, rmse: Math.sqrt(sq / n), r2: tot ? 1 - sq / tot : NaN, rows: n },
    residuals,
  };
}
