/**
 * The Custom head node on adult: a head on adult_income_two_heads.onnx's embedding plus the
 * categorical columns beats the premade model's own accuracy on adult-test (both accuracies counted
 * by python3 over exported predictions and labels), and the composed ONNX graph equals the two-stage run.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, literal } from '../../engine/data/data-plane.js';
import { scoreComposed, scoreTwoStage, type HeadSpec } from '../../engine/models/head/head-scoring.js';
import { readModelRecipe } from '../../engine/models/model-recipe.js';
import { openOnnxSession } from '../../engine/models/onnx/onnx-score.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { premadeModelDef } from '../premade-model/def.js';
import { premadeModelRunner } from '../premade-model/run.js';
import { DATA_DIR, loadAdult } from '../testing/test-data.js';
import { customHeadDef } from './def.js';
import { customHeadRunner } from './run.js';

const ADULT_MODEL = join(DATA_DIR, 'premade', 'adult_income_two_heads.onnx');
const CATEGORICAL = ['workclass', 'education', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'native-country'];

let ctx: FakeContext;
let train: TableValue;
let test: TableValue;

/** Accuracy counted by python3 over a CSV of (label, prediction) rows, not by the code under test. */
async function pythonAccuracy(table: string, predicted: string): Promise<number> {
  const file = join(ctx.artifactDir, `${table}.csv`);
  await ctx.data.run(`COPY (SELECT income AS label, ${ident(predicted)} AS predicted FROM ${ident(table)}) TO ${literal(file)} (HEADER, DELIMITER ',')`);
  const script = 'import csv,sys\nr=list(csv.DictReader(open(sys.argv[1])))\nprint(sum(x["label"]==x["predicted"] for x in r)/len(r))';
  return Number(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).trim());
}

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'head' });
  train = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
  const raw = await loadAdult(ctx.data, 'adult_test_raw', 'adult-test.csv');
  // adult-test's labels end in "." (">50K."); the same classes as adult-train's.
  await ctx.data.run(`CREATE TABLE adult_test AS SELECT * REPLACE (rtrim(income, '.') AS income) FROM ${ident(raw.table)}`);
  test = await ctx.data.describe('adult_test');
});
afterAll(() => ctx.data.close());

const premade = async (table: TableValue, id: string) => {
  const c = createFakeContext(ctx.data, { nodeId: id });
  const params = { ...defaultParams(premadeModelDef.params), model: ADULT_MODEL, target: 'income', labels: ['<=50K', '>50K'] };
  const out = await premadeModelRunner.run(c, { table }, params);
  return { table: out.table as TableValue, model: out.model as ModelValue };
};

describe('custom head on a premade model (adult)', () => {
  it('beats the premade model on adult-test, and the composed ONNX equals the two-stage run within 1e-5', async () => {
    const { model } = await premade(train, 'premade_train');
    const premadeOnTest = await premade(test, 'premade_test');
    const c = createFakeContext(ctx.data, { nodeId: 'custom_head' });
    const params = {
      ...defaultParams(customHeadDef.params),
      target: 'income',
      extraFeatures: CATEGORICAL,
      hiddenLayers: [32],
      epochs: 4,
      earlyStopping: false,
    };
    const out = await customHeadRunner.run(c, { model, train, score: test }, params);
    const headModel = out.model as ModelValue;
    const scored = out.table as TableValue;
    expect(scored.rowCount).toBe(test.rowCount);
    const premadeAccuracy = await pythonAccuracy(premadeOnTest.table.table, 'predicted_income');
    const headAccuracy = await pythonAccuracy(scored.table, 'predicted_income');
    console.log(`[adult-test] premade model accuracy ${premadeAccuracy.toFixed(4)}, custom head accuracy ${headAccuracy.toFixed(4)}`);
    expect(premadeAccuracy).toBeGreaterThan(0.8);
    expect(headAccuracy).toBeGreaterThan(premadeAccuracy + 0.01);

    // The packaged files: the composed graph against the premade graph then the head graph, on every test row.
    const dir = headModel.dir;
    const recipe = (await readModelRecipe(dir))!;
    const head: HeadSpec = { featureOutput: 'embedding', featureWidth: 16 };
    const [composed, premadeSession, headSession] = await Promise.all(['model.onnx', 'premade.onnx', 'head.onnx'].map((f) => openOnnxSession(join(dir, f))));
    const one = await scoreComposed(ctx.data, composed, headModel.premade!, recipe.encoding, head, test.table);
    const two = await scoreTwoStage(ctx.data, { premade: premadeSession, head: headSession }, headModel.premade!, recipe.encoding, head, test.table);
    expect(one.rows).toBe(test.rowCount);
    expect(one.outputs.length).toBe(two.outputs.length);
    let max = 0;
    for (let i = 0; i < one.outputs.length; i++) max = Math.max(max, Math.abs(one.outputs[i] - two.outputs[i]));
    console.log(`[adult-test] composed vs two-stage largest difference ${max.toExponential(2)}`);
    expect(max).toBeLessThanOrEqual(1e-5);
  }, 300_000);

  it('refuses a model that is not a premade one, by name', async () => {
    const trained: ModelValue = { kind: 'model', dir: ctx.artifactDir, format: 'tfjs', summary: {} };
    const params = { ...defaultParams(customHeadDef.params), target: 'income' };
    await expect(customHeadRunner.run(createFakeContext(ctx.data, { nodeId: 'not_premade' }), { model: trained, train }, params)).rejects.toThrow(
      /the model input is a tfjs model, not a premade one/,
    );
  });
});
