import { describe, expect, it } from 'vitest';
import { classificationReport, prCurve, rocCurve, thinPoints } from '../shared/classification-metrics.js';
import { regressionReport } from '../shared/regression-metrics.js';

import { THREE_CLASS } from '../testing/sklearn-fixture.js';

describe('classification metrics against scikit-learn', () => {
  const report = classificationReport({
    labels: THREE_CLASS.labels,
    truth: Int32Array.from(THREE_CLASS.truth),
    probs: Float64Array.from(THREE_CLASS.probs.flat()),
  });

  it('accuracy, balanced accuracy, macro and weighted averages, log loss', () => {
    expect(report.metrics.accuracy).toBeCloseTo(0.75, 12);
    expect(report.metrics.balanced_accuracy).toBeCloseTo(0.75, 12);
    expect(report.metrics.precision_macro).toBeCloseTo(0.7388888888888889, 12);
    expect(report.metrics.recall_macro).toBeCloseTo(0.75, 12);
    expect(report.metrics.f1_macro).toBeCloseTo(0.7367724867724869, 12);
    expect(report.metrics.f1_weighted).toBeCloseTo(0.7367724867724869, 12);
    expect(report.metrics.log_loss).toBeCloseTo(0.6928734120812123, 12);
    expect(report.metrics.auc).toBeCloseTo(0.9010416666666666, 12);
  });

  it('per-class precision, recall, F1, AUC and average precision; confusion matrix', () => {
    expect(report.confusion).toEqual([
      [4, 0, 0],
      [1, 2, 1],
      [0, 1, 3],
    ]);
    expect(report.perClass.a).toMatchObject({ precision: 0.8, recall: 1, support: 4 });
    expect(report.perClass.a.f1).toBeCloseTo(0.888888888888889, 12);
    expect(report.perClass.b.precision).toBeCloseTo(0.6666666666666666, 12);
    expect(report.perClass.b.f1).toBeCloseTo(0.5714285714285715, 12);
    expect(report.perClass.a.auc).toBeCloseTo(0.9375, 12);
    expect(report.perClass.b.auc).toBeCloseTo(0.84375, 12);
    expect(report.perClass.c.auc).toBeCloseTo(0.921875, 12);
    expect(report.perClass.a.average_precision).toBeCloseTo(0.8875, 12);
    expect(report.perClass.b.average_precision).toBeCloseTo(0.7857142857142857, 12);
    expect(report.perClass.c.average_precision).toBeCloseTo(0.8928571428571428, 12);
  });

  it('binary ROC curve with tied scores, AUC and average precision', () => {
    const truth = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0].map((t) => t === 1);
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.4, 0.2, 0.65, 0.7];
    const roc = rocCurve(scores, truth);
    expect(roc.area).toBeCloseTo(0.76, 12);
    expect(roc.points).toEqual([
      [0, 0],
      [0, 0.2],
      [0, 0.4],
      [0.2, 0.4],
      [0.2, 0.6],
      [0.6, 0.8],
      [0.6, 1],
      [0.8, 1],
      [1, 1],
    ]);
    expect(prCurve(scores, truth).area).toBeCloseTo(0.7892857142857144, 12);
  });

  it('builds only the kept points of long curves, with the same points and areas as thinning the full curves', () => {
    // 3 classes, 3,000 rows, probabilities from a fixed linear congruential sequence: thousands of distinct thresholds.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows = 3000;
    const truth = Int32Array.from({ length: rows }, () => Math.floor(next() * 3));
    const probs = new Float64Array(rows * 3);
    for (let r = 0; r < rows; r++) {
      const raw = [next(), next(), next()];
      raw[truth[r]] += 0.5;
      const sum = raw[0] + raw[1] + raw[2];
      for (let c = 0; c < 3; c++) probs[r * 3 + c] = raw[c] / sum;
    }
    const input = { labels: ['a', 'b', 'c'], truth, probs };
    const full = classificationReport(input);
    const kept = classificationReport(input, { maxCurvePoints: 200 });
    expect(kept.metrics).toEqual(full.metrics);
    expect(kept.perClass).toEqual(full.perClass);
    for (const label of input.labels) {
      expect(full.roc[label].points.length).toBeGreaterThan(1000);
      expect(kept.roc[label].points).toEqual(thinPoints(full.roc[label].points, 200));
      expect(kept.pr[label].points).toEqual(thinPoints(full.pr[label].points, 200));
      expect(kept.roc[label].area).toBe(full.roc[label].area);
      expect(kept.pr[label].area).toBe(full.pr[label].area);
    }
  });

  it('thins long curves but keeps both ends', () => {
    const points = Array.from({ length: 1000 }, (_, i) => [i, i] as [number, number]);
    const thin = thinPoints(points, 200);
    expect(thin).toHaveLength(200);
    expect(thin[0]).toEqual([0, 0]);
    expect(thin[199]).toEqual([999, 999]);
  });
});

describe('regression metrics against scikit-learn', () => {
  it('MAE, RMSE, R2 and residuals', () => {
    const r = regressionReport([3, -0.5, 2, 7, 4.2], [2.5, 0, 2, 8, 4]);
    expect(r.metrics.mae).toBeCloseTo(0.44000000000000006, 12);
    expect(r.metrics.rmse).toBeCloseTo(0.5549774770204643, 12);
    expect(r.metrics.r2).toBeCloseTo(0.9496600418410042, 12);
    expect(r.residuals[0]).toEqual([2.5, 0.5]);
  });
});
