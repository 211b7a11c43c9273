/**
 * The model's own metric for permutation importance: accuracy for classes, R2 or RMSE for values.
 * Importance is always "how much worse": the drop of accuracy or R2, the rise of RMSE.
 */
export type ExplainMetric = 'accuracy' | 'r2' | 'rmse';

export type Truth = { kind: 'labels'; values: string[] } | { kind: 'numbers'; values: Float64Array };

/** Index of the largest output of each row (the predicted class). */
export function argmaxRows(outputs: Float32Array, width: number, rows: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < width; k++) if (outputs[r * width + k] > outputs[r * width + best]) best = k;
    out[r] = best;
  }
  return out;
}

/**
 * @example
 * metricValue('accuracy', { kind: 'labels', values: ['a', 'b'] }, ['a', 'b'], new Float32Array([0.9, 0.1, 0.2, 0.8]), 2); // 1
 */
export function metricValue(metric: ExplainMetric, truth: Truth, labels: readonly string[], outputs: Float32Array, width: number): number {
  if (metric === 'accuracy') {
    if (truth.kind !== 'labels') throw new Error('accuracy needs class labels as the truth');
    const predicted = argmaxRows(outputs, width, truth.values.length);
    let right = 0;
    truth.values.forEach((t, r) => (right += labels[predicted[r]] === t ? 1 : 0));
    return right / truth.values.length;
  }
  if (truth.kind !== 'numbers') throw new Error(`${metric} needs numbers as the truth`);
  const y = truth.values;
  let sse = 0;
  let mean = 0;
  for (let r = 0; r < y.length; r++) mean += y[r] / y.length;
  let sst = 0;
  for (let r = 0; r < y.length; r++) {
    sse += (y[r] - outputs[r * width]) ** 2;
    sst += (y[r] - mean) ** 2;
  }
  return metric === 'rmse' ? Math.sqrt(sse / y.length) : 1 - sse / sst;
}

/** How much worse `permuted` is than `baseline` (positive: the feature mattered). */
export const worsening = (metric: ExplainMetric, baseline: number, permuted: number) => (metric === 'rmse' ? permuted - baseline : baseline - permuted);
