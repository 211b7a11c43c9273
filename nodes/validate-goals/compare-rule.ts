/**
 * The champion/challenger rule: "accuracy better than the second model by at least 0.01". The second
 * model is the one Evaluate compared (its `compare_<metric>` figures and "B: <class>" groups), typically
 * the production model scored on the same holdout as the challenger.
 */
import type { GateRuleOutcome, MetricsValue } from '../../engine/values.js';
import { digitsApartFrom, fourDigits } from '../shared/figures.js';

export interface CompareRule {
  name: string;
  shown: string;
  scope: 'overall' | 'class' | 'every-class';
  className: string;
  margin: number;
}

// Error-like figures, where the smaller value is the better model.
const LOWER_IS_BETTER = new Set(['log_loss', 'rmse', 'mae', 'mse']);
const baseName = (name: string) => name.replace(/_seen_classes$/, '');

/** How much better `a` is than `b` on this metric (negative when worse). */
export function improvement(name: string, a: number, b: number): number {
  return LOWER_IS_BETTER.has(baseName(name)) ? b - a : a - b;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString());

export function describeCompareRule(r: CompareRule): string {
  const tail = `better than the second model by at least ${fmt(r.margin)}`;
  if (r.scope === 'every-class') return `${r.shown} of every class ${tail}`;
  return `${r.scope === 'class' ? `${r.shown} of ${r.className}` : r.shown} ${tail}`;
}

const NO_SECOND =
  'the metrics compare no second model; connect the scored table of the model to beat (e.g. a Registered model in production, then Score) to Evaluate\'s "Second scored table"';

export function checkCompareRule(r: CompareRule, metrics: MetricsValue): GateRuleOutcome {
  const text = describeCompareRule(r);
  const fail = (message: string): GateRuleOutcome => ({ rule: text, passed: false, measured: null, message });
  const pairs = figurePairs(r, metrics);
  if (typeof pairs === 'string') return fail(pairs);
  const scored = pairs.map(([g, a, b]) => ({ g, a, b, by: improvement(r.name, a, b) }));
  const worst = scored.reduce((w, c) => (c.by < w.by || !Number.isFinite(c.by) ? c : w));
  const passed = scored.every((s) => Number.isFinite(s.by) && s.by >= r.margin);
  const where = worst.g ? ` of ${worst.g}` : '';
  const verdict = worst.by >= 0 ? `better by ${digitsApartFrom(worst.by, r.margin)}` : `worse by ${fourDigits(-worst.by)}`;
  return {
    rule: text,
    passed,
    measured: worst.by,
    message: `${r.shown}${where} is ${fourDigits(worst.a)} against the second model's ${fourDigits(worst.b)}: ${verdict} (needs at least ${fmt(r.margin)})`,
  };
}

/** [group, this model's figure, the second model's figure] for each figure the rule compares, or why there is none. */
function figurePairs(r: CompareRule, metrics: MetricsValue): [string, number, number][] | string {
  if (r.scope === 'overall') {
    const a = metrics.metrics[r.name];
    const b = metrics.metrics[`compare_${r.name}`];
    if (a === undefined) return `the metrics have no "${r.name}" (they have: ${Object.keys(metrics.metrics).join(', ')})`;
    if (b === undefined) return NO_SECOND;
    return [['', a, b]];
  }
  const groups = metrics.groups ?? {};
  const classes = Object.keys(groups).filter((g) => !g.startsWith('B: '));
  if (!Object.keys(groups).some((g) => g.startsWith('B: '))) return NO_SECOND;
  const wanted = r.scope === 'class' ? classes.filter((g) => g === r.className.trim()) : classes;
  if (!wanted.length) return `no class "${r.className}" in the metrics (classes: ${classes.join(', ') || 'none'})`;
  const pairs = wanted
    .filter((g) => groups[g][r.name] !== undefined && groups[`B: ${g}`]?.[r.name] !== undefined)
    .map((g): [string, number, number] => [g, groups[g][r.name], groups[`B: ${g}`][r.name]]);
  return pairs.length ? pairs : `no class has a "${r.name}" figure for both models; per-class rules need a classification evaluation`;
}
