import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ident } from '../../engine/data/data-plane.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { cleanDef } from '../clean/def.js';
import { cleanRunner } from '../clean/run.js';
import { encodeScaleDef } from '../encode-scale/def.js';
import { encodeScaleRunner } from '../encode-scale/run.js';
import { parseRecipeSteps } from '../../engine/models/recipe-steps.js';
import { applyReplaySteps } from './fitted-steps.js';
import { SqlPlan } from './sql-plan.js';
import { loadAdult } from '../testing/test-data.js';

let ctx: FakeContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.data.close());

const row = (s: object) => ({ ...defaultParams(cleanDef.params.steps.fields), ...s });
const cleanSteps = [
  row({ op: 'missing', missingAction: 'most-frequent', columns: ['workclass', 'occupation', 'native-country'] }),
  row({ op: 'replace', columns: ['income'], matchMode: 'regex', find: '\\.$', replacement: '' }),
];
const encodeParams = { ...defaultParams(encodeScaleDef.params), target: 'income', maxCategories: 10 };

async function chain(input: TableValue, id: string, fittedClean?: TableValue, fittedEncode?: TableValue): Promise<[TableValue, TableValue]> {
  const cleaned = (await cleanRunner.run(createFakeContext(ctx.data, { nodeId: `clean_${id}` }), { input, fitted: fittedClean }, { steps: cleanSteps }))
    .output as TableValue;
  const encoded = (await encodeScaleRunner.run(createFakeContext(ctx.data, { nodeId: `enc_${id}` }), { input: cleaned, fitted: fittedEncode }, encodeParams))
    .output as TableValue;
  return [cleaned, encoded];
}

describe('replaying the saved recipe', () => {
  it('turns raw test rows into exactly what the node chain produced, from the fitted list alone', async () => {
    const train = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
    const test = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
    const [cleanTrain, encTrain] = await chain(train, 'train');
    const [, encTest] = await chain(test, 'test', cleanTrain, encTrain);

    // What the nodes record passes the schema a saved recipe is read with, through JSON and back.
    const recipe = parseRecipeSteps(JSON.parse(JSON.stringify(encTrain.fitted)), 'the encoded table');
    expect(recipe).toEqual(encTrain.fitted);
    expect(recipe.map((s) => s.op)).toEqual([...Array(3).fill('impute'), 'replace', ...Array(6).fill('standard-scale'), ...Array(8).fill('one-hot')]);
    const plan = await SqlPlan.start(ctx.data, test.table);
    await applyReplaySteps(plan, recipe);
    await ctx.data.run(`CREATE TABLE replayed AS ${plan.outputSql()}`);
    const replayed = await ctx.data.describe('replayed');

    expect(replayed.columns).toEqual(encTest.columns);
    const diff = async (x: string, y: string) =>
      (await ctx.data.all<{ n: number }>(`SELECT count(*) AS n FROM (SELECT * FROM ${ident(x)} EXCEPT ALL SELECT * FROM ${ident(y)})`))[0].n;
    expect(await diff('replayed', encTest.table)).toBe(0);
    expect(await diff(encTest.table, 'replayed')).toBe(0);

    // Independent figures (python3 over adult-test.csv with the training top 9 countries and the
    // training most frequent country "United-States" for "?"): 597 test rows fall in "(other)",
    // 14,936 are United-States after filling; labels lose their dot: 12,435 "<=50K", 3,846 ">50K".
    const one = async (sql: string) => Object.values((await ctx.data.all(sql))[0])[0];
    expect(await one(`SELECT sum("native-country=(other)") FROM replayed`)).toBe(597);
    expect(await one(`SELECT sum("native-country=United-States") FROM replayed`)).toBe(14936);
    expect(await one(`SELECT count(*) FILTER (WHERE income = '>50K') FROM replayed`)).toBe(3846);
    expect(await one(`SELECT count(*) FILTER (WHERE income = '<=50K') FROM replayed`)).toBe(12435);
  });
});
