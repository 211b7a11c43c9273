/** Evaluates business-goal rules against a MetricsValue, each with its measured value and a plain message. */
import type { GateRuleOutcome, MetricsValue } from '../../engine/values.js';
import type { validateGoalsDef } from './def.js';
import type { ParamsOf } from '../../engine/node-def.js';
import { checkCompareRule, describeCompareRule, type CompareRule } from './compare-rule.js';
import { checkBaselineRule, describeBaselineRule } from './baseline-rule.js';
import { digitsApartFrom, fourDigits } from '../shared/figures.js';

export type Rule = ParamsOf<typeof validateGoalsDef>['rules'][number];

const DISPLAY: Record<string, string> = { rmse: 'RMSE', mae: 'MAE', mse: 'MSE', r2: 'R2', auc: 'AUC', f1: 'F1' };
const show = (metric: string) => DISPLAY[metric] ?? metric.replaceAll('_', ' ');
// Thresholds are shown as typed (up to six digits); measured figures at four significant digits.
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString());

function metricName(rule: Rule): string {
  return rule.metric === 'other' ? rule.metricName.trim() : rule.metric;
}

/** The rule in plain words: "accuracy at least 0.84", "recall of >50K at least 0.6", "no class with precision under 0.5". */
export function describeRule(rule: Rule): string {
  if (rule.comparison === 'better-than-second') return describeCompareRule(asCompare(rule));
  if (rule.comparison === 'better-than-baseline') return describeBaselineRule(asCompare(rule));
  const name = show(metricName(rule) || '(no metric)');
  if (rule.scope === 'every-class') return `no class with ${name} ${rule.comparison === 'at-least' ? 'under' : 'over'} ${fmt(rule.threshold)}`;
  const subject = rule.scope === 'class' ? `${name} of ${rule.className}` : name;
  return `${subject} ${rule.comparison === 'at-least' ? 'at least' : 'at most'} ${fmt(rule.threshold)}`;
}

function asCompare(rule: Rule): CompareRule {
  const name = metricName(rule);
  return { name, shown: show(name || '(no metric)'), scope: rule.scope, className: rule.className, margin: rule.threshold };
}

const passes = (rule: Rule, v: number) => Number.isFinite(v) && (rule.comparison === 'at-least' ? v >= rule.threshold : v <= rule.threshold);

/**
 * @example
 * checkRule({ metric: 'accuracy', metricName: '', scope: 'overall', className: '', comparison: 'at-least', threshold: 0.84 }, metrics)
 * // { rule: 'accuracy at least 0.84', passed: true, measured: 0.851, message: 'accuracy is 0.851 (needs at least 0.84)' }
 */
export function checkRule(rule: Rule, metrics: MetricsValue): GateRuleOutcome {
  const text = describeRule(rule);
  const name = metricName(rule);
  const fail = (message: string): GateRuleOutcome => ({ rule: text, passed: false, measured: null, message });
  if (!name) return fail('the rule names no metric; pick one or type its name');
  if (rule.comparison === 'better-than-second') return checkCompareRule(asCompare(rule), metrics);
  if (rule.comparison === 'better-than-baseline') return checkBaselineRule(asCompare(rule), metrics);
  const need = `${rule.comparison === 'at-least' ? 'at least' : 'at most'} ${fmt(rule.threshold)}`;
  // Per-class groups of a compared second model ("B: <class>") are not this model's classes.
  const groups = Object.entries(metrics.groups ?? {}).filter(([g]) => !g.startsWith('B: '));
  if (rule.scope === 'overall') {
    const v = metrics.metrics[name];
    if (v === undefined) return fail(`the metrics have no "${name}" (they have: ${Object.keys(metrics.metrics).join(', ')})`);
    return { rule: text, passed: passes(rule, v), measured: v, message: `${show(name)} is ${digitsApartFrom(v, rule.threshold)} (needs ${need})` };
  }
  if (rule.scope === 'class') {
    const group = groups.find(([g]) => g === rule.className.trim());
    if (!group) return fail(`no class "${rule.className}" in the metrics (classes: ${groups.map(([g]) => g).join(', ') || 'none'})`);
    const v = group[1][name];
    if (v === undefined) return fail(`class "${group[0]}" has no "${name}" (it has: ${Object.keys(group[1]).join(', ')})`);
    return {
      rule: text,
      passed: passes(rule, v),
      measured: v,
      message: `${show(name)} of ${group[0]} is ${digitsApartFrom(v, rule.threshold)} (needs ${need})`,
    };
  }
  const values = groups.filter(([, m]) => m[name] !== undefined).map(([g, m]) => [g, m[name]] as const);
  if (!values.length) return fail(`no class has a "${name}" figure; per-class rules need a classification evaluation`);
  const worst = values.reduce((w, c) => ((rule.comparison === 'at-least' ? c[1] < w[1] : c[1] > w[1]) ? c : w));
  const failing = values.filter(([, v]) => !passes(rule, v)).map(([g]) => g);
  return {
    rule: text,
    passed: failing.length === 0,
    measured: worst[1],
    message: failing.length
      ? `${show(name)} of ${failing.join(', ')} is not ${need}; the worst is ${worst[0]} at ${fourDigits(worst[1])}`
      : `every class meets it; the worst is ${worst[0]} at ${fourDigits(worst[1])}`,
  };
}
