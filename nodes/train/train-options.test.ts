import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { loadAdult, loadSplit } from '../testing/test-datasets.js';
import { scoreAndEvaluate as evaluateScored, trainOn, type TrainParams } from '../testing/train-test-kit.js';

let ctx: FakeContext;
let penguins: { train: TableValue; test: TableValue };

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'options' });
  penguins = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
});
afterAll(() => ctx.data.close());

const train = (table: TableValue, params: Partial<TrainParams>, validation?: TableValue) => trainOn(ctx.data, table, params, validation);
const scoreAndEvaluate = (model: ModelValue, table: TableValue) => evaluateScored(ctx.data, model, table);

describe('early stopping and class weights', () => {
  it('stops when the validation loss stops improving and keeps the best epoch', async () => {
    const { model, ctx: c } = await train(
      penguins.train,
      { target: 'species', model: 'linear', epochs: 300, batchSize: 16, learningRate: 0.3, optimizer: 'sgd', patience: 2 },
      penguins.test,
    );
    const summary = JSON.parse(readFileSync(join(model.dir, 'training.json'), 'utf8')) as {
      epochsRun: number;
      bestEpoch: number;
      stoppedEarly: boolean;
      history: { val_loss: number }[];
    };
    expect(summary.stoppedEarly).toBe(true);
    expect(summary.epochsRun).toBeLessThan(300);
    expect(summary.epochsRun - summary.bestEpoch).toBe(2);
    const best = Math.min(...summary.history.map((h) => h.val_loss));
    expect(summary.history[summary.bestEpoch - 1].val_loss).toBe(best);
    // The saved model really is the best epoch's: its log loss on the validation rows equals the best val_loss.
    const { metrics } = await scoreAndEvaluate(model, penguins.test);
    expect(metrics.metrics.log_loss).toBeCloseTo(best, 5);
    expect(c.logs.some((l) => l.message.startsWith(`early stopping after epoch ${summary.epochsRun}`))).toBe(true);
  });

  it('treats an empty validation table (a split without a validation share) as none', async () => {
    await ctx.data.run('CREATE OR REPLACE TABLE empty_validation AS SELECT * FROM penguins_test LIMIT 0');
    const empty = await ctx.data.describe('empty_validation');
    const { model, history, ctx: c } = await train(penguins.train, { target: 'species', model: 'linear', epochs: 2 }, empty);
    expect(Object.keys(history.metrics).sort()).toEqual(['accuracy', 'loss']);
    const summary = JSON.parse(readFileSync(join(model.dir, 'training.json'), 'utf8')) as { onnxParity: { rows: number }; data: { validation?: unknown } };
    // The ONNX check falls back to training rows: all 276 are fewer than its 2,000-row sample.
    expect(summary.onnxParity.rows).toBe(276);
    expect(summary.data.validation).toBeUndefined();
    expect(c.logs.some((l) => l.message.startsWith('early stopping needs a validation table'))).toBe(true);
  });

  it('balanced class weights raise the recall of the rare class (>50K is 24% of adult-train)', async () => {
    const adult = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
    const adultTest = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
    const params: Partial<TrainParams> = { target: 'income', model: 'linear', epochs: 3, learningRate: 0.01 };
    const plain = (await scoreAndEvaluate((await train(adult, params)).model, adultTest)).metrics;
    const weighted = (await scoreAndEvaluate((await train(adult, { ...params, classWeights: 'balanced' })).model, adultTest)).metrics;
    console.log(`[class weights] recall of >50K: none ${plain.groups!['>50K'].recall.toFixed(3)}, balanced ${weighted.groups!['>50K'].recall.toFixed(3)}`);
    expect(weighted.groups!['>50K'].recall).toBeGreaterThan(plain.groups!['>50K'].recall + 0.1);
    expect(weighted.metrics.balanced_accuracy).toBeGreaterThan(plain.metrics.balanced_accuracy);
  });
});
