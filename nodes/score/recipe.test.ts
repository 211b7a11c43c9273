import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelRecipe, RECIPE_JSON } from '../../engine/models/model-recipe.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { cleanDef } from '../clean/def.js';
import type { CleanStep } from '../clean/compile-steps.js';
import { cleanRunner } from '../clean/run.js';
import { encodeScaleDef } from '../encode-scale/def.js';
import { encodeScaleRunner } from '../encode-scale/run.js';
import { loadAdult } from '../testing/test-data.js';
import { trainDef } from '../train/def.js';
import { trainRunner } from '../train/run.js';
import { scoreRunner } from './run.js';

let ctx: FakeContext;
let rawTest: TableValue;
let preparedTest: TableValue;
let model: ModelValue;
let n = 0;
const c = (id: string) => createFakeContext(ctx.data, { nodeId: id });
const step = (s: Partial<CleanStep>): CleanStep => ({ ...defaultParams(cleanDef.params.steps.fields), ...s }) as CleanStep;
const CLEAN_STEPS = [
  step({ op: 'missing', columns: ['workclass', 'occupation', 'native-country'], missingAction: 'most-frequent' }),
  step({ op: 'rename', column: 'hours-per-week', newName: 'hours' }),
  // adult-test's labels end in '.'; on the training file this changes nothing.
  step({ op: 'replace', columns: ['income'], matchMode: 'regex', find: '\\.$', replacement: '' }),
];

const clean = async (id: string, input: TableValue, fitted?: TableValue) =>
  (await cleanRunner.run(c(id), { input, fitted }, { steps: CLEAN_STEPS })).output as TableValue;
const encode = async (id: string, input: TableValue, fitted?: TableValue) =>
  (await encodeScaleRunner.run(c(id), { input, fitted }, { ...defaultParams(encodeScaleDef.params), target: 'income', maxCategories: 100 }))
    .output as TableValue;
const score = async (table: TableValue) => {
  const runCtx = c(`score${++n}`);
  return { logs: runCtx.logs, table: (await scoreRunner.run(runCtx, { model, table }, { runtime: 'auto', batchSize: 8192 })).table as TableValue };
};

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'recipe' });
  const rawTrain = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
  rawTest = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
  const trainClean = await clean('clean_train', rawTrain);
  const trainEncoded = await encode('encode_train', trainClean);
  preparedTest = await encode('encode_test', await clean('clean_test', rawTest, trainClean), trainEncoded);
  const out = await trainRunner.run(
    c('train'),
    { train: trainEncoded, validation: undefined },
    { ...defaultParams(trainDef.params), target: 'income', model: 'linear', epochs: 3, learningRate: 0.01 },
  );
  model = out.model as ModelValue;
}, 120_000);
afterAll(() => ctx.data.close());

describe('score node with a model trained after Clean and Encode/scale', () => {
  it('saves the training table recipe with the model (recipe.json and the model value)', () => {
    const recipe = JSON.parse(readFileSync(join(model.dir, RECIPE_JSON), 'utf8')) as { steps: { op: string; column?: string }[] };
    // Clean: 3 imputations + 1 rename + 1 replace on income; Encode/scale: 8 text columns one-hot + 6 number columns scaled (income left alone).
    expect(recipe.steps.filter((s) => s.op === 'impute').map((s) => s.column)).toEqual(['workclass', 'occupation', 'native-country']);
    expect(recipe.steps.filter((s) => s.op === 'rename')).toEqual([{ op: 'rename', column: 'hours-per-week', to: 'hours' }]);
    expect(recipe.steps.filter((s) => s.op === 'one-hot').length).toBe(8);
    expect(recipe.steps.filter((s) => s.op === 'standard-scale').length).toBe(6);
    expect(model.fitted).toEqual(recipe.steps);
    expect(model.summary.preparationSteps).toBe(recipe.steps.length);
  });

  it('saves one recipe (recipe.json version 2): those steps, then the encoding Train fitted on the prepared columns', async () => {
    const onDisk = JSON.parse(readFileSync(join(model.dir, RECIPE_JSON), 'utf8')) as { version: number; encoding: unknown };
    expect(onDisk.version).toBe(2);
    expect(existsSync(join(model.dir, 'preprocessing.json'))).toBe(false);
    const recipe = (await readModelRecipe(model.dir))!;
    expect(recipe.encoding).toEqual(onDisk.encoding);
    // After Encode/scale every feature is a number: 6 scaled + 99 one-hot columns (pandas nunique over adult-train's 8 text columns), target income.
    expect(recipe.encoding.features.length).toBe(105);
    expect(new Set(recipe.encoding.features.map((f) => f.kind))).toEqual(new Set(['numeric']));
    expect(recipe.encoding.target).toMatchObject({ name: 'income', task: 'classification', labels: ['<=50K', '>50K'] });
  });

  it('scores raw adult-test rows by replaying the recipe, with the same predictions as the prepared test table', async () => {
    const prepared = await score(preparedTest);
    const raw = await score(rawTest);
    expect(prepared.logs.some((l) => l.message.includes('already carries'))).toBe(true);
    expect(raw.logs.some((l) => l.message.startsWith('replayed'))).toBe(true);
    // The raw output keeps the raw columns (hours-per-week, not hours) beside the predictions.
    expect(raw.table.columns.map((col) => col.name)).toContain('hours-per-week');
    // 16,281 rows: `awk 'NF>0' adult-test.csv | wc -l` (the file ends with one empty line).
    expect(raw.table.rowCount).toBe(16281);
    const [cmp] = await ctx.data.all<{ rows: bigint; same: bigint; worst: number; right: bigint }>(
      `SELECT count(*) AS rows, count(*) FILTER (p.predicted_income = r.predicted_income) AS same,
              max(abs(p."probability_>50K" - r."probability_>50K")) AS worst,
              count(*) FILTER (r.predicted_income = rtrim(r.income, '.')) AS right
       FROM ${prepared.table.table} p POSITIONAL JOIN ${raw.table.table} r`,
    );
    expect(Number(cmp.rows)).toBe(16281);
    expect(Number(cmp.same)).toBe(16281);
    expect(cmp.worst).toBe(0);
    expect(Number(cmp.right) / 16281).toBeGreaterThanOrEqual(0.84);
  });

  it('scores raw rows without the target column: the steps on the target are left out', async () => {
    await ctx.data.run(`CREATE TABLE adult_test_unlabelled AS SELECT * EXCLUDE ("income") FROM adult_test`);
    const prepared = await score(preparedTest);
    const unlabelled = await score(await ctx.data.describe('adult_test_unlabelled'));
    expect(unlabelled.table.columns.map((col) => col.name)).not.toContain('income');
    const [cmp] = await ctx.data.all<{ same: bigint }>(
      `SELECT count(*) FILTER (p.predicted_income = u.predicted_income AND p."probability_>50K" = u."probability_>50K") AS same FROM ${prepared.table.table} p POSITIONAL JOIN ${unlabelled.table.table} u`,
    );
    expect(Number(cmp.same)).toBe(16281);
  });

  it('fails naming the raw columns a table lacks', async () => {
    await ctx.data.run(`CREATE TABLE adult_test_short AS SELECT * EXCLUDE ("occupation", "hours-per-week") FROM adult_test`);
    await expect(score(await ctx.data.describe('adult_test_short'))).rejects.toThrow(/lacks column\(s\) "occupation", "hours-per-week"/);
  });

  it('fails when the table went through different preparation steps', async () => {
    const other = (
      await cleanRunner.run(c('clean_other'), { input: rawTest, fitted: undefined }, { steps: [step({ op: 'rename', column: 'age', newName: 'years' })] })
    ).output as TableValue;
    await expect(score(other)).rejects.toThrow(/prepared differently from the model's training table: its step 1 is rename on "age"/);
  });
});
