import { describe, expect, it } from 'vitest';
import type { MetricsValue } from '../../engine/values.js';
import { checkRule, describeRule, type Rule } from './rules.js';

const rule = (r: Partial<Rule>): Rule => ({
  metric: 'accuracy',
  metricName: '',
  scope: 'overall',
  className: '',
  comparison: 'better-than-baseline',
  threshold: 0.05,
  ...r,
});

const metrics = (m: Record<string, number>, task: MetricsValue['task'] = 'classification'): MetricsValue => ({ kind: 'metrics', task, metrics: m });

describe('rule "better than the baseline by at least X"', () => {
  it('reads in plain words, naming the baseline', () => {
    expect(describeRule(rule({}))).toBe('accuracy better than the majority-class baseline by at least 0.05');
    expect(describeRule(rule({ metric: 'rmse', threshold: 100 }))).toBe('RMSE better than the predict-the-mean baseline by at least 100');
  });

  it('accuracy: passes on the margin, blocks short of it, both figures rounded in the message', () => {
    const m = metrics({ accuracy: 0.8678641294682554, baseline_accuracy: 0.7637737239727289 });
    const ok = checkRule(rule({}), m);
    expect(ok.passed).toBe(true);
    expect(ok.measured).toBeCloseTo(0.8678641294682554 - 0.7637737239727289, 12);
    expect(ok.message).toBe('accuracy is 0.8679 against 0.7638 for always predicting the most frequent class: better by 0.1041 (needs at least 0.05)');
    expect(checkRule(rule({ threshold: 0.11 }), m).passed).toBe(false);
    const worse = checkRule(rule({ threshold: 0 }), metrics({ accuracy: 0.7, baseline_accuracy: 0.76 }));
    expect(worse.passed).toBe(false);
    expect(worse.message).toContain('worse by 0.06');
  });

  it('RMSE and MAE count a smaller value as better; R2 against 0', () => {
    const m = metrics({ rmse: 592.34, baseline_rmse: 3989.4, mae: 2, baseline_mae: 1.5, r2: 0.03, baseline_r2: 0 }, 'regression');
    const rmse = checkRule(rule({ metric: 'rmse', threshold: 1000 }), m);
    expect([rmse.passed, rmse.measured]).toEqual([true, expect.closeTo(3989.4 - 592.34, 9)]);
    expect(rmse.message).toBe('RMSE is 592.3 against 3,989 for always predicting the mean: better by 3,397 (needs at least 1000)');
    expect(checkRule(rule({ metric: 'mae', threshold: 0 }), m).passed).toBe(false);
    expect(checkRule(rule({ metric: 'r2', threshold: 0.05 }), m).passed).toBe(false);
  });

  it('a measured margin just short of the threshold shows the digits that tell them apart', () => {
    const out = checkRule(rule({ threshold: 0.1 }), metrics({ accuracy: 0.86399, baseline_accuracy: 0.764 }));
    expect(out.passed).toBe(false);
    expect(out.message).toContain('better by 0.09999 (needs at least 0.1)');
  });

  it('says what is missing: a metric with no baseline, metrics without baselines, a per-class scope', () => {
    expect(checkRule(rule({ metric: 'f1_macro' }), metrics({ f1_macro: 0.8 })).message).toBe(
      '"f1_macro" has no baseline; a baseline rule works on accuracy, mae, rmse, r2',
    );
    const old = checkRule(rule({}), metrics({ accuracy: 0.9 }));
    expect([old.passed, old.measured]).toEqual([false, null]);
    expect(old.message).toContain('the metrics have no "baseline_accuracy"; connect the metrics of an Evaluate node');
    expect(checkRule(rule({ scope: 'class', className: 'a' }), metrics({ accuracy: 0.9, baseline_accuracy: 0.5 })).message).toContain(
      'set "Applies to" to "The whole test set"',
    );
  });
});
