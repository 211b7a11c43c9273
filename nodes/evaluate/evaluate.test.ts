import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue } from '../../engine/values.js';
import { evaluateRunner } from './run.js';
import { THREE_CLASS } from '../testing/sklearn-fixture.js';

let ctx: FakeContext;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'evaluate' });
  // A table shaped like the Score node's output: the true target beside predicted_<target> and probability_<class>.
  const rows = THREE_CLASS.truth.map((t, i) => {
    const p = THREE_CLASS.probs[i];
    const best = p.indexOf(Math.max(...p));
    return `('${THREE_CLASS.labels[t]}', ${i}, '${THREE_CLASS.labels[best]}', ${p.join(', ')})`;
  });
  await ctx.data.run(
    `CREATE TABLE scored AS SELECT * FROM (VALUES ${rows.join(', ')}) t(kind, id, predicted_kind, probability_a, probability_b, probability_c)`,
  );
  // Model A gets rows 3, 8 and 9 wrong; model B is model A with rows 3 and 8 made right.
  await ctx.data.run(`CREATE TABLE scored_b AS SELECT * REPLACE (CASE WHEN id IN (3, 8) THEN 0.05 ELSE probability_a END AS probability_a,
    CASE WHEN id = 8 THEN 0.9 WHEN id = 3 THEN 0.05 ELSE probability_b END AS probability_b,
    CASE WHEN id = 8 THEN 0.05 WHEN id = 3 THEN 0.9 ELSE probability_c END AS probability_c) FROM scored`);
  await ctx.data.run(`CREATE TABLE reg AS SELECT * FROM (VALUES (3.0, 2.5), (-0.5, 0.0), (2.0, 2.0), (7.0, 8.0), (4.2, 4.0), (NULL, 1.0)) t(y, predicted_y)`);
});
afterAll(() => ctx.data.close());

describe('evaluate node', () => {
  it('finds the target from predicted_<target> and reports scikit-learn figures with charts', async () => {
    const scored = await ctx.data.describe('scored');
    const { metrics } = (await evaluateRunner.run(ctx, { scored, compare: undefined }, { target: '' })) as { metrics: MetricsValue };
    expect(metrics.metrics.accuracy).toBeCloseTo(0.75, 12);
    expect(metrics.metrics.auc).toBeCloseTo(0.9010416666666666, 12);
    expect(metrics.metrics.rows).toBe(12);
    // By hand: 4 rows of each class, so always predicting one of them is right 4/12 of the time.
    expect(metrics.metrics.baseline_accuracy).toBeCloseTo(4 / 12, 12);
    expect(metrics.metrics.lift_over_baseline).toBeCloseTo(0.75 - 4 / 12, 12);
    expect(Object.keys(metrics.metrics).slice(0, 3)).toEqual(['accuracy', 'baseline_accuracy', 'lift_over_baseline']);
    expect(metrics.groups?.b.recall).toBeCloseTo(0.5, 12);
    expect(metrics.charts?.map((c) => `${c.type}:${c.id}`)).toEqual(['heatmap:confusion', 'curve:roc', 'curve:pr']);
    const heatmap = metrics.charts![0] as { values: number[][] };
    expect(heatmap.values).toEqual([
      [4, 0, 0],
      [1, 2, 1],
      [0, 1, 3],
    ]);
  });

  it('compares two models on the same rows side by side', async () => {
    const c = createFakeContext(ctx.data, { nodeId: 'compare' });
    const out = await evaluateRunner.run(c, { scored: await ctx.data.describe('scored'), compare: await ctx.data.describe('scored_b') }, { target: '' });
    const m = (out.metrics as MetricsValue).metrics;
    // Two more rows right out of 12: 11/12.
    expect(m.compare_accuracy).toBeCloseTo(11 / 12, 12);
    expect(m.delta_accuracy).toBeCloseTo(11 / 12 - 0.75, 12);
    expect(m.delta_lift_over_baseline).toBeCloseTo(11 / 12 - 0.75, 12);
    // The baseline belongs to the rows, not to either model.
    expect(m.compare_baseline_accuracy).toBeUndefined();
    expect((out.metrics as MetricsValue).charts?.[0]).toMatchObject({ type: 'bars', id: 'comparison' });
  });

  it('regression: MAE, RMSE, R2 and residual scatter, rows without a target left out', async () => {
    const c = createFakeContext(ctx.data, { nodeId: 'reg' });
    const out = (await evaluateRunner.run(c, { scored: await ctx.data.describe('reg'), compare: undefined }, { target: '' })).metrics as MetricsValue;
    expect(out.metrics.rows).toBe(5);
    expect(out.metrics.rmse).toBeCloseTo(0.5549774770204643, 12);
    expect(out.metrics.r2).toBeCloseTo(0.9496600418410042, 12);
    // Predicting the mean (3.14) of y: numpy in baseline-reference.py.
    expect(out.metrics.baseline_mae).toBeCloseTo(1.968, 12);
    expect(out.metrics.baseline_rmse).toBeCloseTo(2.473539973398449, 12);
    expect(out.metrics.baseline_r2).toBe(0);
    expect(c.progressCalls.at(-1)?.message).toContain('(predicting the mean: RMSE 2.474)');
    expect(out.charts?.[0]).toMatchObject({ type: 'scatter', id: 'residuals' });
    expect(c.logs.some((l) => l.message.startsWith('1 rows have no value in "y"'))).toBe(true);
  });

  it('says what is wrong when the table was not scored', async () => {
    await ctx.data.run('CREATE TABLE plain AS SELECT 1 AS x');
    await expect(evaluateRunner.run(ctx, { scored: await ctx.data.describe('plain'), compare: undefined }, { target: '' })).rejects.toThrow(
      /no "predicted_<target>" column/,
    );
  });
});
