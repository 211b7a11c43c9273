/**
 * The majority-class baseline on real data, through Train, Score, Evaluate and the gate: its figure
 * against pandas, and the relative rule passing and blocking packaging on real trained models.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeError } from '../../engine/node-run.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ModelValue, ReportValue } from '../../engine/values.js';
import { packageModelRunner } from '../package-model/run.js';
import { loadAdult, loadSplit } from '../testing/test-datasets.js';
import { scoreAndEvaluate, trainOn } from '../testing/train-test-kit.js';
import { validateGoalsRunner } from './run.js';
import type { Rule } from './rules.js';

let ctx: FakeContext;
beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'baseline' });
});
afterAll(() => ctx.data.close());

const beatsBaseline = (threshold: number): Rule => ({
  metric: 'accuracy',
  metricName: '',
  scope: 'overall',
  className: '',
  comparison: 'better-than-baseline',
  threshold,
});

async function gate(metrics: MetricsValue, model: ModelValue, threshold: number) {
  const c = createFakeContext(ctx.data, { nodeId: `gate${threshold}` });
  return (await validateGoalsRunner.run(c, { metrics, model }, { rules: [beatsBaseline(threshold)], title: 'Card' })).report as ReportValue;
}

describe('majority-class baseline and the gate relative to it', () => {
  it('adult-test: baseline 12435 / 16281, lift = accuracy - baseline; a 0.05 margin passes, 0.25 blocks packaging', async () => {
    const train = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
    const test = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
    const { model } = await trainOn(ctx.data, train, { target: 'income', model: 'linear', epochs: 5, learningRate: 0.01 });
    const { metrics } = await scoreAndEvaluate(ctx.data, model, test);
    // awk -F', ' 'NF>=15 {c[$15]++; n++} END {for (k in c) print k, c[k], n}' adult-test.csv -> "<=50K." 12435 of 16281;
    // pandas agrees (nodes/evaluate/baseline-reference.py): 0.7637737239727289.
    expect(metrics.metrics.baseline_accuracy).toBeCloseTo(0.7637737239727289, 12);
    expect(metrics.metrics.lift_over_baseline).toBeCloseTo(metrics.metrics.accuracy - 0.7637737239727289, 12);

    const passed = await gate(metrics, model, 0.05);
    expect(passed.gate?.passed).toBe(true);
    expect(passed.gate?.rules[0].rule).toBe('accuracy better than the majority-class baseline by at least 0.05');
    expect(passed.gate?.rules[0].message).toMatch(
      /^accuracy is 0\.8\d{3} against 0\.7638 for always predicting the most frequent class: better by 0\.\d+ \(needs at least 0\.05\)$/,
    );
    expect(passed.markdown).toContain('Baseline: always predicting the most frequent class (<=50K) is right on **76.38%** of the test rows');

    // No model can be 0.25 better: the baseline leaves 1 - 0.7638 = 0.2362 to gain.
    const blocked = await gate(metrics, model, 0.25);
    expect(blocked.gate?.passed).toBe(false);
    const c = createFakeContext(ctx.data, { nodeId: 'package' });
    const error = await packageModelRunner
      .run(c, { model, report: blocked, metrics: undefined }, { folder: join(c.artifactDir, 'pkg'), name: 'adult' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toContain('accuracy better than the majority-class baseline by at least 0.25');
    expect(existsSync(join(c.artifactDir, 'pkg'))).toBe(false);
  });

  it('penguins: baseline 30 / 68 (Adelie); a trained linear model beats it by 0.3, not by 0.6', async () => {
    const penguins = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
    const { model } = await trainOn(ctx.data, penguins.train, { target: 'species', model: 'linear', epochs: 30, batchSize: 32, learningRate: 0.01 });
    const { metrics } = await scoreAndEvaluate(ctx.data, model, penguins.test);
    // pandas, every 5th row of penguins.csv: Adelie 30, Gentoo 24, Chinstrap 14 (nodes/evaluate/baseline-reference.py).
    expect(metrics.metrics.rows).toBe(68);
    expect(metrics.metrics.baseline_accuracy).toBeCloseTo(30 / 68, 12);
    expect((await gate(metrics, model, 0.3)).gate?.passed).toBe(true);
    // 1 - 30/68 = 0.559 is the most any model can gain.
    expect((await gate(metrics, model, 0.6)).gate?.passed).toBe(false);
  });
});
