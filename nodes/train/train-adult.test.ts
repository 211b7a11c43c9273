import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ModelValue, TableValue } from '../../engine/values.js';
import { evaluateRunner } from '../evaluate/run.js';
import { scoreRunner } from '../score/run.js';
import { loadAdult } from '../testing/test-datasets.js';
import { trainDef } from './def.js';
import { trainRunner } from './run.js';

let ctx: FakeContext;
let train: TableValue;
let test: TableValue;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'adult' });
  train = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
  test = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
});
afterAll(() => ctx.data.close());

async function trainScoreEvaluate(name: string, params: Partial<ReturnType<typeof defaultParams<typeof trainDef.params>>>) {
  const trainCtx = createFakeContext(ctx.data, { nodeId: `${name}_train` });
  const started = performance.now();
  const out = await trainRunner.run(trainCtx, { train }, { ...defaultParams(trainDef.params), target: 'income', ...params });
  const trainSeconds = (performance.now() - started) / 1000;
  const model = out.model as ModelValue;
  const scored = (await scoreRunner.run(createFakeContext(ctx.data, { nodeId: `${name}_score` }), { model, table: test }, { runtime: 'auto', batchSize: 8192 }))
    .table as TableValue;
  const metrics = (await evaluateRunner.run(createFakeContext(ctx.data, { nodeId: `${name}_eval` }), { scored }, { target: '' })).metrics as MetricsValue;
  console.log(
    `[adult ${name}] test accuracy ${metrics.metrics.accuracy.toFixed(4)}, auc ${metrics.metrics.auc.toFixed(4)}, trained in ${trainSeconds.toFixed(1)} s`,
  );
  return { trainCtx, out, model, scored, metrics };
}

describe('train on adult-train, evaluate on adult-test', () => {
  it('logistic regression reaches test accuracy >= 0.84, and its ONNX export scores the test table like tfjs', async () => {
    const { trainCtx, out, model, scored, metrics } = await trainScoreEvaluate('lr', { model: 'linear', epochs: 5, learningRate: 0.01 });
    expect(metrics.metrics.accuracy).toBeGreaterThanOrEqual(0.84);
    // 16,281 test rows, every one with a label (awk -F', ' 'NF==15' adult-test.csv | wc -l).
    expect(metrics.metrics.rows).toBe(16281);
    // 6 numbers + 99 categories in adult-train (pandas: sum of nunique over the 8 text columns, '?' as missing) = 105 inputs.
    expect(model.summary.encodedFeatures).toBe(105);
    expect(model.summary.parameters).toBe((105 + 1) * 2);
    for (const file of ['model.json', 'weights.bin', 'recipe.json', 'training.json', 'model.onnx']) expect(existsSync(join(model.dir, file))).toBe(true);
    const history = out.history as MetricsValue;
    expect(history.charts?.[0]).toMatchObject({ type: 'line', id: 'loss' });
    expect((history.charts![0] as { series: { points: unknown[] }[] }).series[0].points).toHaveLength(5);
    const epochEvents = trainCtx.progressCalls.filter((p) => p.detail?.unit === 'epoch');
    expect(epochEvents.map((p) => p.detail?.point?.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(epochEvents[4].message).toMatch(/^epoch 5 of 5, loss 0\.\d{3}, accuracy 0\.\d{3}$/);

    const viaOnnx = (await scoreRunner.run(createFakeContext(ctx.data, { nodeId: 'lr_onnx' }), { model, table: test }, { runtime: 'onnx', batchSize: 8192 }))
      .table as TableValue;
    const [diff] = await ctx.data.all<{ d: number; n: number; same: number }>(
      `SELECT max(abs(a."probability_>50K" - b."probability_>50K")) AS d, count(*) AS n, count(*) FILTER (a."predicted_income" = b."predicted_income") AS same
       FROM (SELECT * FROM ${scored.table}) a POSITIONAL JOIN (SELECT "probability_>50K", "predicted_income" FROM ${viaOnnx.table}) b`,
    );
    console.log(`[adult lr] ONNX vs tfjs on ${diff.n} test rows: largest probability difference ${diff.d.toExponential(2)}`);
    expect(diff.n).toBe(16281);
    expect(diff.d).toBeLessThan(1e-4);
    expect(diff.same).toBeGreaterThanOrEqual(16281 - 2);
  });

  it('the default MLP (64-64 ReLU, Adam 0.001, batch 256; 5 epochs to keep CI short) reaches test accuracy >= 0.84', async () => {
    const { model, metrics } = await trainScoreEvaluate('mlp', { epochs: 5 });
    expect(metrics.metrics.accuracy).toBeGreaterThanOrEqual(0.84);
    expect(model.summary.model).toBe('MLP 64-64 relu');
    // (105 inputs + 1) * 64 + (64 + 1) * 64 + (64 + 1) * 2 weights and biases.
    expect(model.summary.parameters).toBe(106 * 64 + 65 * 64 + 65 * 2);
  });
});
