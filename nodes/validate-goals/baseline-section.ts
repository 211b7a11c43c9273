/**
 * The model card's baseline sentence: what a model with no skill scores on the same rows, beside
 * what this one scores, so "accuracy 0.84" is read against "76% by always saying <=50K".
 */
import type { MetricsValue } from '../../engine/values.js';
import { formatMetric } from '../shared/figures.js';
import type { Block } from './model-card.js';

/** The most frequent true class, when the per-class supports say which one the baseline predicts. */
function majorityClass(m: MetricsValue): string | undefined {
  const own = Object.entries(m.groups ?? {}).filter(([g, v]) => !g.startsWith('B: ') && v.support !== undefined);
  if (!own.length || !m.metrics.rows) return undefined;
  const [name, g] = own.reduce((best, c) => (c[1].support > best[1].support ? c : best));
  return Math.abs(g.support / m.metrics.rows - m.metrics.baseline_accuracy) < 1e-9 ? name : undefined;
}

export function baselineBlocks(m: MetricsValue): Block[] {
  const f = (name: string) => formatMetric(name, m.metrics[name]);
  if (m.metrics.baseline_accuracy !== undefined && m.metrics.accuracy !== undefined) {
    const cls = majorityClass(m);
    return [
      {
        p:
          `Baseline: always predicting the most frequent class${cls ? ` (${cls})` : ''} is right on **${f('baseline_accuracy')}** of the test rows; ` +
          `this model is right on **${f('accuracy')}** (${f('lift_over_baseline')}).`,
      },
    ];
  }
  if (m.metrics.baseline_rmse !== undefined && m.metrics.rmse !== undefined) {
    return [
      {
        p:
          `Baseline: always predicting the mean scores RMSE **${f('baseline_rmse')}** and MAE ${f('baseline_mae')} (R2 0); ` +
          `this model scores RMSE **${f('rmse')}**, MAE ${f('mae')} and R2 ${f('r2')}.`,
      },
    ];
  }
  return [];
}
