/**
 * Fixed-length numeric list columns as features: each element one numeric feature, ragged lengths
 * refused at fitting and at scoring with the column and the lengths named, and served JSON arrays
 * read the same way. Figures are hand counts over the literal tables below.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../testing/fake-context.js';
import { fitPreprocessing } from './fit-preprocessing.js';
import { rawColumnsFromRecords } from './preprocessing.js';
import { readModelInputs } from './table-reader.js';

let ctx: FakeContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.data.run(
    `CREATE TABLE good AS SELECT * FROM (VALUES ([1.0, 10.0, 0.0], 'a'), ([3.0, 20.0, 0.0], 'b'), (NULL, 'a'), ([5.0, 30.0, 0.0], 'b')) t(v, y)`,
  );
  await ctx.data.run(`CREATE TABLE ragged AS SELECT * FROM (VALUES ([1.0, 2.0], 'a'), ([1.0, 2.0, 3.0], 'b')) t(v, y)`);
});
afterAll(() => ctx.data.close());

const columns = async (table: string) => {
  const cols = await ctx.data.columns(table);
  return { features: cols.filter((c) => c.name === 'v'), target: cols.find((c) => c.name === 'y')! };
};

it('a DOUBLE[] column of length 3 becomes 3 numeric features with their own medians and scaling', async () => {
  const { features, target } = await columns('good');
  const spec = await fitPreprocessing(ctx.data, 'good', features, target, 'auto');
  expect(spec.encodedNames).toEqual(['v[1]', 'v[2]', 'v[3]']);
  // Non-NULL values per element: [1,3,5], [10,20,30], [0,0,0]: medians 3, 20, 0.
  expect(spec.features.map((f) => f.median)).toEqual([3, 20, 0]);
  // After imputing the NULL row with the median: [1,3,3,5] mean 3; [10,20,20,30] mean 20.
  expect(spec.scaleMean).toEqual([3, 20, 0]);
  const { raw } = await readModelInputs(ctx.data, 'good', spec);
  expect(raw.columns.map((c) => Array.from(c))).toEqual([
    [1, 3, NaN, 5],
    [10, 20, NaN, 30],
    [0, 0, NaN, 0],
  ]);
  // Served rows send the vector as a JSON array.
  const served = rawColumnsFromRecords(spec, [{ v: [7, 8, 9] }, { v: null }]);
  expect(served.columns.map((c) => Array.from(c))).toEqual([
    [7, NaN],
    [8, NaN],
    [9, NaN],
  ]);
});

it('ragged lists are refused when fitting, naming the column and the lengths', async () => {
  const { features, target } = await columns('ragged');
  await expect(fitPreprocessing(ctx.data, 'ragged', features, target, 'auto')).rejects.toThrow(
    'the list column "v" has lists of different lengths (2 to 3) in table "ragged"; a feature list must have one length',
  );
});

it('scoring a table whose lists have another length than training is refused, not imputed', async () => {
  const { features, target } = await columns('good');
  const spec = await fitPreprocessing(ctx.data, 'good', features, target, 'auto');
  await expect(readModelInputs(ctx.data, 'ragged', spec)).rejects.toThrow(
    'the list column "v" of table "ragged" has 1 row(s) with 2 elements; the model was trained on lists of 3',
  );
});

it('a list of text is refused as a feature with a way out', async () => {
  await ctx.data.run(`CREATE TABLE words AS SELECT * FROM (VALUES (['x'], 'a'), (['y'], 'b')) t(v, y)`);
  const { features, target } = await columns('words');
  await expect(fitPreprocessing(ctx.data, 'words', features, target, 'auto')).rejects.toThrow(/"v" is VARCHAR\[\]; only numeric lists/);
});
