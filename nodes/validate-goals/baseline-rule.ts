/**
 * The rule relative to a baseline: "accuracy better than the majority-class baseline by at least 0.05".
 * A bare threshold ("accuracy at least 0.7") passes on a table where 76% of rows share one class;
 * this rule asks the model to beat what always predicting that class (or the mean) already scores.
 * Evaluate reports the baselines (`baseline_accuracy`, `baseline_rmse`, ...), on the same rows.
 */
import type { GateRuleOutcome, MetricsValue } from '../../engine/values.js';
import { BASELINE_OF } from '../shared/baseline-metrics.js';
import { digitsApartFrom, fourDigits } from '../shared/figures.js';
import { improvement } from './compare-rule.js';

export interface BaselineRule {
  name: string;
  shown: string;
  scope: 'overall' | 'class' | 'every-class';
  margin: number;
}

const exact = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString());

const baselineName = (name: string) => (name === 'accuracy' ? 'the majority-class baseline' : 'the predict-the-mean baseline');
const baselineWhat = (name: string) => (name === 'accuracy' ? 'always predicting the most frequent class' : 'always predicting the mean');

export function describeBaselineRule(r: BaselineRule): string {
  return `${r.shown} better than ${baselineName(r.name)} by at least ${exact(r.margin)}`;
}

export function checkBaselineRule(r: BaselineRule, metrics: MetricsValue): GateRuleOutcome {
  const text = describeBaselineRule(r);
  const fail = (message: string): GateRuleOutcome => ({ rule: text, passed: false, measured: null, message });
  const key = BASELINE_OF[r.name];
  if (!key) return fail(`"${r.name}" has no baseline; a baseline rule works on ${Object.keys(BASELINE_OF).join(', ')}`);
  if (r.scope !== 'overall') return fail('a baseline rule applies to the whole test set; set "Applies to" to "The whole test set"');
  const a = metrics.metrics[r.name];
  const b = metrics.metrics[key];
  if (a === undefined) return fail(`the metrics have no "${r.name}" (they have: ${Object.keys(metrics.metrics).join(', ')})`);
  if (b === undefined) return fail(`the metrics have no "${key}"; connect the metrics of an Evaluate node, which reports the baseline beside ${r.name}`);
  const by = improvement(r.name, a, b);
  const verdict = by >= 0 ? `better by ${digitsApartFrom(by, r.margin)}` : `worse by ${fourDigits(-by)}`;
  return {
    rule: text,
    passed: Number.isFinite(by) && by >= r.margin,
    measured: by,
    message: `${r.shown} is ${fourDigits(a)} against ${fourDigits(b)} for ${baselineWhat(r.name)}: ${verdict} (needs at least ${exact(r.margin)})`,
  };
}
