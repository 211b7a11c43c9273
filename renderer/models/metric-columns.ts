/**
 * The versions table's metric columns: every metric any version has, in first-seen order, and the
 * best value of each (lower is better for losses and errors, higher for the rest).
 */
import type { ModelVersionSummary } from '../../engine/models/registry-views.js';

const LOWER_IS_BETTER = /(^|_)(loss|log_loss|logloss|rmse|mse|mae|mape|error|brier)($|_)/i;

/** Whether a smaller value of `metric` is the better one. */
export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.test(metric);
}

export interface MetricColumn {
  name: string;
  lowerIsBetter: boolean;
  /** The best value among the versions, undefined when none has a finite value. */
  best?: number;
}

/**
 * @example
 * metricColumns([{ metrics: { accuracy: 0.8 } }, { metrics: { accuracy: 0.9 } }]) // [{ name: 'accuracy', best: 0.9, ... }]
 */
export function metricColumns(versions: readonly Pick<ModelVersionSummary, 'metrics'>[]): MetricColumn[] {
  const names = [...new Set(versions.flatMap((v) => Object.keys(v.metrics)))];
  return names.map((name) => {
    const lower = lowerIsBetter(name);
    const values = versions.map((v) => v.metrics[name]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    const best = values.length ? (lower ? Math.min(...values) : Math.max(...values)) : undefined;
    return { name, lowerIsBetter: lower, best };
  });
}
