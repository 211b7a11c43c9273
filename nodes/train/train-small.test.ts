import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { NodeError } from '../../engine/node-run.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { loadAdult, loadSplit } from '../testing/test-datasets.js';
import { trainDef } from './def.js';
import { trainRunner } from './run.js';
import { scoreAndEvaluate as evaluateScored, trainOn, type TrainParams } from '../testing/train-test-kit.js';

let ctx: FakeContext;
let penguins: { train: TableValue; test: TableValue };
let diamonds: { train: TableValue; test: TableValue };

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'small' });
  penguins = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
  diamonds = await loadSplit(ctx.data, 'diamonds', 'diamonds.csv');
});
afterAll(() => ctx.data.close());

const train = (table: TableValue, params: Partial<TrainParams>, validation?: TableValue) => trainOn(ctx.data, table, params, validation);
const scoreAndEvaluate = (model: ModelValue, table: TableValue) => evaluateScored(ctx.data, model, table);

describe('real datasets (80/20 split: every 5th row is test)', () => {
  it('penguins species: accuracy >= 0.95 on the 68 test rows', async () => {
    const { model } = await train(penguins.train, { target: 'species', epochs: 30, batchSize: 32, learningRate: 0.01 });
    const { metrics } = await scoreAndEvaluate(model, penguins.test);
    console.log(`[penguins] test accuracy ${metrics.metrics.accuracy.toFixed(4)}`);
    // pandas: d.iloc[4::5] has 68 rows: Adelie 30, Gentoo 24, Chinstrap 14.
    expect(metrics.metrics.rows).toBe(68);
    expect(metrics.groups?.Adelie.support).toBe(30);
    expect(metrics.groups?.Chinstrap.support).toBe(14);
    expect(metrics.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('diamonds price regression: R2 >= 0.97 on the 10,788 test rows', async () => {
    const { model, history } = await train(diamonds.train, { target: 'price', epochs: 8, learningRate: 0.003 });
    expect(model.task).toBe('regression');
    expect(history.charts).toHaveLength(1);
    const { scored, metrics } = await scoreAndEvaluate(model, diamonds.test);
    console.log(`[diamonds] test R2 ${metrics.metrics.r2.toFixed(4)}, RMSE ${metrics.metrics.rmse.toFixed(1)}, MAE ${metrics.metrics.mae.toFixed(1)}`);
    expect(metrics.metrics.rows).toBe(10788);
    expect(metrics.metrics.r2).toBeGreaterThanOrEqual(0.97);
    // Predictions come back in dollars: their mean sits near the test mean price (pandas: 3933.48).
    const [{ m }] = await ctx.data.all<{ m: number }>(`SELECT avg(predicted_price) AS m FROM ${scored.table}`);
    expect(Math.abs(m - 3933.48)).toBeLessThan(150);
  });
});

describe('reproducibility and cancellation', () => {
  it('the same seed and data give bitwise-equal weights and predictions; another seed does not', async () => {
    const params: Partial<TrainParams> = { target: 'species', epochs: 8, batchSize: 16, dropout: 0.2, learningRate: 0.01, seed: 7 };
    const a = await train(penguins.train, params);
    const b = await train(penguins.train, params);
    const c = await train(penguins.train, { ...params, seed: 8 });
    const weights = (m: ModelValue) => readFileSync(join(m.dir, 'weights.bin'));
    expect(weights(a.model).equals(weights(b.model))).toBe(true);
    expect(weights(a.model).equals(weights(c.model))).toBe(false);
    const sa = (await scoreAndEvaluate(a.model, penguins.test)).scored;
    const sb = (await scoreAndEvaluate(b.model, penguins.test)).scored;
    const [{ differing, rows }] = await ctx.data.all<{ differing: number; rows: number }>(
      `SELECT count(*) FILTER (a.probability_Adelie IS DISTINCT FROM b.probability_Adelie OR a.probability_Gentoo IS DISTINCT FROM b.probability_Gentoo) AS differing, count(*) AS rows
       FROM ${sa.table} a POSITIONAL JOIN (SELECT probability_Adelie, probability_Gentoo FROM ${sb.table}) b`,
    );
    expect(rows).toBe(68);
    expect(differing).toBe(0);
  });

  it('cancel after the first batch of epoch 2 stops within that batch and rejects with a cancellation error', async () => {
    const adult = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
    const base = createFakeContext(ctx.data, { nodeId: 'cancel' });
    let abortedAt = 0;
    const cancelCtx: FakeContext = {
      ...base,
      progress: (fraction, message, detail) => {
        base.progress(fraction, message, detail);
        if (!abortedAt && detail?.unit === 'batch' && message.startsWith('epoch 2 of') && detail.done === 1) {
          abortedAt = performance.now();
          base.controller.abort();
        }
      },
    };
    const run = trainRunner.run(cancelCtx, { train: adult }, { ...defaultParams(trainDef.params), target: 'income', epochs: 10 });
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    const stoppedAfterMs = performance.now() - abortedAt;
    console.log(`[cancel] rejected ${stoppedAfterMs.toFixed(0)} ms after the abort`);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).code).toBe('NODE_CANCELLED');
    expect((error as NodeError).message).toContain('epoch 2, after batch 1');
    // The batch count above and the empty progress tail below are the proof; the time is only logged,
    // since a loaded machine stretches it without the behaviour changing.
    const afterAbort = base.progressCalls.slice(base.progressCalls.findIndex((p) => p.message.startsWith('epoch 2 of 10, batch 1 of')) + 1);
    expect(afterAbort).toEqual([]);
    expect(base.progressCalls.filter((p) => p.detail?.unit === 'epoch')).toHaveLength(1);
  });
});
