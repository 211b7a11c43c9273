import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParams, type ParamsOf } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { loadAdult } from '../testing/test-data.js';
import { encodeScaleDef } from './def.js';
import { encodeScaleRunner } from './run.js';
import { stepAs } from '../../engine/models/recipe-steps.js';

type Params = ParamsOf<typeof encodeScaleDef>;

let ctx: FakeContext;
let adult: TableValue;
beforeEach(async () => {
  ctx = await createTestContext();
  adult = await loadAdult(ctx.data, 'adult', 'adult-train.csv');
});
afterEach(() => ctx.data.close());

async function encode(input: TableValue, params: Partial<Params>, fitted?: TableValue, nodeId?: string): Promise<TableValue> {
  const runCtx = nodeId ? createFakeContext(ctx.data, { nodeId }) : ctx;
  const out = await encodeScaleRunner.run(runCtx, { input, fitted }, { ...defaultParams(encodeScaleDef.params), ...params });
  return out.output as TableValue;
}

async function one<T>(sql: string): Promise<T> {
  const [row] = await ctx.data.all<Record<string, T>>(sql);
  return Object.values(row)[0];
}

// Expected figures below come from a python3 pass over adult-train.csv split on ", " ("?" = missing):
// distinct non-missing levels: workclass 8, education 16, marital-status 7, occupation 14,
// relationship 6, race 5, sex 2, native-country 41 (99 in all); age mean 38.58164675532078,
// population std 13.640223092304081, min 17, max 90; native-country top 9 cover all but 1,294 rows.
describe('encode and scale', () => {
  it('one-hot encodes every text column except the target', async () => {
    const out = await encode(adult, { target: 'income', maxCategories: 100, scaling: 'none' });
    // 6 number columns + income + 99 one-hot columns.
    expect(out.columns.length).toBe(6 + 1 + 99);
    expect(out.columns.filter((c) => c.name.startsWith('native-country=')).length).toBe(41);
    expect(await one<number>(`SELECT sum("sex=Male") FROM "${out.table}"`)).toBe(21790);
    // Rows with a missing workclass (1,836 per the independent count) have all workclass columns at 0.
    const wc = out.columns
      .filter((c) => c.name.startsWith('workclass='))
      .map((c) => `"${c.name}"`)
      .join(' + ');
    expect(await one<number>(`SELECT count(*) FROM "${out.table}" WHERE ${wc} = 0`)).toBe(1836);
    expect(out.fitted?.filter((f) => f.op === 'one-hot').length).toBe(8);
  });

  it('caps one-hot columns, sends rare levels to "(other)", and says so', async () => {
    const out = await encode(adult, { target: 'income', categorical: ['native-country'], maxCategories: 10, scaling: 'none' });
    const nc = out.columns.filter((c) => c.name.startsWith('native-country='));
    expect(nc.length).toBe(10);
    expect(await one<number>(`SELECT sum("native-country=(other)") FROM "${out.table}"`)).toBe(1294);
    expect(
      ctx.logs.some((l) => /"native-country" has 41 categories, more than the limit of 10: the 9 most frequent .* the other 32 \(1,294 rows\)/.test(l.message)),
    ).toBe(true);
  });

  it('replays vocabularies on another table: unseen categories give all zeros, never an error', async () => {
    // Fit on training rows without Mexico, then apply to adult-test, where awk counts 308 Mexico rows and 274 "?".
    await ctx.data.run(`CREATE TABLE no_mexico AS SELECT * FROM adult WHERE "native-country" IS DISTINCT FROM 'Mexico' ORDER BY rowid`);
    const train = await encode(
      await ctx.data.describe('no_mexico'),
      { target: 'income', categorical: ['native-country'], maxCategories: 100, scaling: 'none' },
      undefined,
      'fit',
    );
    const test = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
    const out = await encode(test, { target: 'income', categorical: ['native-country'], maxCategories: 100, scaling: 'none' }, train, 'apply');
    const nc = out.columns.filter((c) => c.name.startsWith('native-country='));
    expect(nc.length).toBe(40);
    expect(nc.some((c) => c.name === 'native-country=Mexico')).toBe(false);
    const sum = nc.map((c) => `"${c.name}"`).join(' + ');
    expect(await one<number>(`SELECT count(*) FROM "${out.table}" WHERE ${sum} = 0`)).toBe(308 + 274);
    expect(await one<number>(`SELECT count(*) FROM "${out.table}" WHERE ${sum} > 1`)).toBe(0);
  });

  it('standardises to mean 0 and spread 1, and applies the training mean and std to test data', async () => {
    const out = await encode(adult, { target: 'income', encoding: 'none', numeric: ['age'] });
    expect(await one<number>(`SELECT avg(age) FROM "${out.table}"`)).toBeCloseTo(0, 9);
    expect(await one<number>(`SELECT stddev_pop(age) FROM "${out.table}"`)).toBeCloseTo(1, 9);
    expect(out.fitted?.[0]).toMatchObject({ op: 'standard-scale', column: 'age' });
    expect(stepAs(out.fitted?.[0], 'standard-scale').mean).toBeCloseTo(38.58164675532078, 9);
    expect(stepAs(out.fitted?.[0], 'standard-scale').std).toBeCloseTo(13.640223092304081, 9);
    const test = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
    const applied = await encode(test, { target: 'income', encoding: 'none', numeric: ['age'] }, out, 'apply');
    // First test row has age 25: (25 - 38.58164675532078) / 13.640223092304081.
    expect(await one<number>(`SELECT age FROM "${applied.table}" ORDER BY rowid LIMIT 1`)).toBeCloseTo(-0.9957056173797958, 9);
  });

  it('min-max scales into [0, 1]', async () => {
    const out = await encode(adult, { target: 'income', encoding: 'none', scaling: 'min-max' });
    for (const col of ['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week']) {
      expect(await one<number>(`SELECT min("${col}") FROM "${out.table}"`)).toBe(0);
      expect(await one<number>(`SELECT max("${col}") FROM "${out.table}"`)).toBe(1);
    }
    // The first row is aged 39: (39 - 17) / (90 - 17).
    expect(await one<number>(`SELECT age FROM "${out.table}" ORDER BY rowid LIMIT 1`)).toBeCloseTo(22 / 73, 12);
  });

  it('keeps a constant column finite: standard gives 0 (spread taken as 1), min-max gives 0', async () => {
    await ctx.data.run(`CREATE TABLE const AS SELECT 5 AS k, range AS i FROM range(10)`);
    const input = await ctx.data.describe('const');
    const std = await encode(input, { encoding: 'none', numeric: ['k'] }, undefined, 'std');
    expect(std.fitted?.[0]).toMatchObject({ op: 'standard-scale', mean: 5, std: 1 });
    expect(await one<number>(`SELECT max(abs(k)) FROM "${std.table}"`)).toBe(0);
    const mm = await encode(input, { encoding: 'none', scaling: 'min-max', numeric: ['k'] }, undefined, 'mm');
    expect(await one<number>(`SELECT max(abs(k)) FROM "${mm.table}"`)).toBe(0);
  });

  it('ordinal codes follow alphabetical order, unseen values get -1', async () => {
    const out = await encode(adult, { target: 'income', encoding: 'ordinal', categorical: ['race'], scaling: 'none' });
    const step = stepAs(out.fitted?.[0], 'ordinal');
    expect(step.categories).toEqual(['Amer-Indian-Eskimo', 'Asian-Pac-Islander', 'Black', 'Other', 'White']);
    expect(await one<number>(`SELECT count(*) FROM "${out.table}" WHERE race = 4`)).toBe(27816);
    // Apply to adult-test with its "Other" race relabelled as a value never seen (awk: 135 such rows).
    await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
    await ctx.data.run(
      `CREATE TABLE relabelled AS SELECT * REPLACE (CASE WHEN race = 'Other' THEN 'Unknown' ELSE race END AS race) FROM adult_test ORDER BY rowid`,
    );
    const applied = await encode(
      await ctx.data.describe('relabelled'),
      { target: 'income', encoding: 'ordinal', categorical: ['race'], scaling: 'none' },
      out,
      'apply',
    );
    expect(await one<number>(`SELECT count(*) FROM "${applied.table}" WHERE race = -1`)).toBe(135);
    await expect(encode(adult, { encoding: 'none', numeric: ['sex'] })).rejects.toThrow(/"sex" holds VARCHAR values, so it cannot be scaled/);
  });
});
