/**
 * The JS row replay (engine/models/row-steps.ts) against the SQL replay it replaces on the server's
 * request path, value for value on the encoded model input: every recipe op on all 16,281 raw
 * adult-test rows (NULLs from '?', unseen categories) plus edge rows (numbers sent as text, half-way
 * roundings, padded and non-ASCII text), and recipes written by the real Clean and Encode/scale
 * nodes upstream of Train. Rows the JS replay declines go to SQL on the server; they are counted
 * here so the fast path stays the common one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeContext, createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { readModelRecipe } from '../engine/models/model-recipe.js';
import { compileRowRecipe } from '../engine/models/row-steps.js';
import { duckdbLiterals } from '../engine/models/row-literals.js';
import { defaultParams } from '../engine/node-def.js';
import type { TableValue } from '../engine/values.js';
import { cleanDef } from '../nodes/clean/def.js';
import type { CleanStep } from '../nodes/clean/compile-steps.js';
import { cleanRunner } from '../nodes/clean/run.js';
import { encodeScaleDef } from '../nodes/encode-scale/def.js';
import { encodeScaleRunner } from '../nodes/encode-scale/run.js';
import { loadAdult } from '../nodes/testing/test-datasets.js';
import { trainOn } from '../nodes/testing/train-test-kit.js';
import { inputColumns } from './served-model.js';
import { ALL_OPS_RECIPE, EDGE_ROWS } from './testing/all-ops-recipe.js';
import { compareReplays, type Row } from './testing/row-replay-kit.js';

let ctx: FakeContext;
let train: TableValue;
let adult: Row[];

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'replay' });
  train = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
  await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
  adult = (await ctx.data.all<Row>(`SELECT * EXCLUDE (income) FROM adult_test`)).map((r) => ({ ...r }));
}, 120_000);
afterAll(() => ctx?.data.close());

describe('JS row replay, every op', () => {
  it('gives the SQL replay exactly on all adult-test rows and the edge rows it follows, and declines the others', async () => {
    const rows = [...adult, ...EDGE_ROWS.map((e) => ({ ...adult[0], ...e.row }))];
    const result = await compareReplays(ctx.data, ALL_OPS_RECIPE, rows);
    const declined = result.unsure.map((i) => i - adult.length);
    // Hand count: the edge rows marked exact: false, and no adult row.
    expect(declined).toEqual(EDGE_ROWS.flatMap((e, i) => (e.exact ? [] : [i])));
    expect(result.different).toEqual([]);
    expect(result.same).toBe(16281 + EDGE_ROWS.filter((e) => e.exact).length);
    expect(result.batchSame).toBe(true);
  });

  it('takes number inputs as numbers and the columns a first step casts or reads as text as text', () => {
    const types = Object.fromEntries(inputColumns(ALL_OPS_RECIPE).map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ age: 'number', 'capital-gain': 'number', 'capital-loss': 'text', relationship: 'text', 'hours-per-week': 'number' });
  });

  it('leaves a recipe with a regex replace or a cast to DATE to the SQL replay, naming the step', async () => {
    const regex = {
      ...ALL_OPS_RECIPE,
      steps: [...ALL_OPS_RECIPE.steps, { op: 'replace' as const, column: 'race', mode: 'regex' as const, find: '^W', replacement: 'w' }],
    };
    const date = { ...ALL_OPS_RECIPE, steps: [{ op: 'cast' as const, column: 'education', type: 'DATE' }, ...ALL_OPS_RECIPE.steps] };
    const literals = duckdbLiterals(ctx.data);
    expect(await compileRowRecipe(regex, inputColumns(regex), literals)).toEqual({ fallback: expect.stringContaining('regular-expression replace') });
    expect(await compileRowRecipe(date, inputColumns(date), literals)).toEqual({ fallback: 'a cast to DATE' });
  });
});

const step = (s: Partial<CleanStep>): CleanStep => ({ ...defaultParams(cleanDef.params.steps.fields), ...s }) as CleanStep;

/** Clean then Encode/scale on adult-train, then Train: the recipe a user's pipeline writes. */
async function pipelineRecipe(cleanSteps: CleanStep[], encode: Record<string, unknown>) {
  const cleaned = (await cleanRunner.run(createFakeContext(ctx.data, { nodeId: 'clean' }), { input: train }, { steps: cleanSteps })).output as TableValue;
  const params = { ...defaultParams(encodeScaleDef.params), target: 'income', ...encode };
  const encoded = (await encodeScaleRunner.run(createFakeContext(ctx.data, { nodeId: 'encode' }), { input: cleaned }, params)).output as TableValue;
  const { model } = await trainOn(ctx.data, encoded, { target: 'income', model: 'linear', epochs: 1, batchSize: 512 });
  return (await readModelRecipe(model.dir))!;
}

const PIPELINE_EDGES: Row[] = [
  { workclass: 'Never-seen', occupation: '  Sales ', sex: 'male', 'native-country': 'Atlantis', age: null },
  { 'education-num': '13', 'capital-loss': '1902', race: null, 'hours-per-week': 99.5 },
  { 'capital-loss': 'n/a', 'education-num': 'x', workclass: null, occupation: null },
];

describe('JS row replay of recipes the Clean and Encode/scale nodes write upstream of Train', () => {
  it('one-hot with a rare bucket and standard scaling, after type changes, replace, text tidying and imputation', async () => {
    const recipe = await pipelineRecipe(
      [
        step({ op: 'change-type', columns: ['education-num'], type: 'VARCHAR' }),
        step({ op: 'change-type', columns: ['capital-loss'], type: 'DOUBLE' }),
        step({ op: 'replace', columns: ['workclass'], matchMode: 'exact', find: 'Private', replacement: 'Private-sector' }),
        step({ op: 'text', columns: ['occupation'], textAction: 'trim' }),
        step({ op: 'text', columns: ['sex'], textAction: 'upper' }),
        step({ op: 'missing', columns: ['age'], missingAction: 'median' }),
        step({ op: 'missing', columns: ['workclass', 'occupation', 'native-country'], missingAction: 'most-frequent' }),
        step({ op: 'missing', columns: ['race'], missingAction: 'constant', fillValue: 'none' }),
        step({ op: 'rename', column: 'hours-per-week', newName: 'hours' }),
        step({ op: 'drop-columns', columns: ['fnlwgt'] }),
      ],
      { encoding: 'one-hot', maxCategories: 8, scaling: 'standard' },
    );
    const ops = new Set(recipe.steps.map((s) => s.op));
    expect([...ops].sort()).toEqual(['cast', 'drop', 'impute', 'one-hot', 'rename', 'replace', 'standard-scale', 'text']);
    expect(recipe.steps.some((s) => s.op === 'one-hot' && s.otherOutput !== null)).toBe(true);
    const rows = [...adult, ...PIPELINE_EDGES.map((e) => ({ ...adult[1], ...e }))];
    const result = await compareReplays(ctx.data, recipe, rows);
    expect(result.unsure).toEqual([]);
    expect(result.different).toEqual([]);
    expect(result.same).toBe(16281 + PIPELINE_EDGES.length);
    expect(result.batchSame).toBe(true);
  }, 300_000);

  it('ordinal codes and min-max scaling, after lower-casing and a replace to missing', async () => {
    const recipe = await pipelineRecipe(
      [
        step({ op: 'text', columns: ['workclass', 'education'], textAction: 'lower' }),
        step({ op: 'replace', columns: ['race'], matchMode: 'exact', find: 'Other', toMissing: true }),
        step({ op: 'missing', columns: ['capital-gain'], missingAction: 'mean' }),
      ],
      { encoding: 'ordinal', scaling: 'min-max' },
    );
    const ops = new Set(recipe.steps.map((s) => s.op));
    expect([...ops].sort()).toEqual(['impute', 'min-max-scale', 'ordinal', 'replace', 'text']);
    // Here capital-loss and education-num are number inputs: the third edge row's text would be a 400.
    const edges = PIPELINE_EDGES.slice(0, 2);
    const rows = [...adult, ...edges.map((e) => ({ ...adult[2], ...e }))];
    const result = await compareReplays(ctx.data, recipe, rows);
    expect(result.unsure).toEqual([]);
    expect(result.different).toEqual([]);
    expect(result.same).toBe(16281 + edges.length);
  }, 300_000);
});
