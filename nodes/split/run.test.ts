import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParams, type ParamsOf } from '../../engine/node-def.js';
import { openDataPlane } from '../../engine/data/data-plane.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { loadAdult, loadCsv, rowsOf } from '../testing/test-data.js';
import { splitDef } from './def.js';
import { splitRunner } from './run.js';

type SplitParams = ParamsOf<typeof splitDef>;
type Parts = Record<'train' | 'test' | 'validation', TableValue>;

let ctx: FakeContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.data.close());

/** Runs the split on its own node id, so two runs write to different tables. */
async function split(input: TableValue, params: Partial<SplitParams>, nodeId?: string): Promise<Parts> {
  const runCtx = nodeId ? createFakeContext(ctx.data, { nodeId }) : ctx;
  return (await splitRunner.run(runCtx, { input }, { ...defaultParams(splitDef.params), ...params })) as unknown as Parts;
}

async function classCounts(table: string, column: string): Promise<Record<string, number>> {
  const rows = await ctx.data.all<{ c: string; n: number }>(`SELECT "${column}" AS c, count(*) AS n FROM "${table}" GROUP BY ALL`);
  return Object.fromEntries(rows.map((r) => [r.c, r.n]));
}

describe('split', () => {
  it('cuts by the shares and loses or repeats no row', async () => {
    const iris = await loadCsv(ctx.data, 'iris', 'iris.csv');
    const parts = await split(iris, { testRatio: 0.2, validationRatio: 0.1 });
    // iris.csv has 150 data rows (wc -l minus the header): 30 test, 15 validation, 105 train.
    expect([parts.train.rowCount, parts.test.rowCount, parts.validation.rowCount]).toEqual([105, 30, 15]);
    const [{ n }] = await ctx.data.all<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT * FROM "${parts.train.table}" UNION ALL SELECT * FROM "${parts.test.table}" UNION ALL SELECT * FROM "${parts.validation.table}" EXCEPT ALL SELECT * FROM iris)`,
    );
    expect(n).toBe(0);
    const noVal = await split(iris, {}, 'defaults');
    expect([noVal.train.rowCount, noVal.test.rowCount, noVal.validation.rowCount]).toEqual([120, 30, 0]);
    expect(noVal.validation.columns.map((c) => c.name)).toEqual(iris.columns.map((c) => c.name));
    // The row assignment the parts share is a temporary table of the node's, gone after it.
    const tables = await ctx.data.all<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() ORDER BY 1`);
    expect(tables.map((r) => r.t)).toEqual(
      ['iris', ...['defaults', 'node1'].flatMap((id) => ['test', 'train', 'validation'].map((p) => `t_${id}_${p}`))].sort(),
    );
  });

  it('gives identical rows for the same seed and different rows for another seed', async () => {
    const adult = await loadAdult(ctx.data, 'adult', 'adult-train.csv');
    const a = await split(adult, { seed: 7 }, 'a');
    const b = await split(adult, { seed: 7 }, 'b');
    const c = await split(adult, { seed: 8 }, 'c');
    const testA = await rowsOf(ctx.data, a.test.table);
    expect(testA.length).toBe(6512); // round(32,561 x 0.2)
    expect(await rowsOf(ctx.data, b.test.table)).toEqual(testA);
    expect(await rowsOf(ctx.data, b.train.table)).toEqual(await rowsOf(ctx.data, a.train.table));
    // A fresh database that imports the file again gets the same rows: nothing hangs on one session.
    const other = createFakeContext(await openDataPlane(':memory:'), { nodeId: 'fresh' });
    try {
      const again = await splitRunner.run(
        other,
        { input: await loadAdult(other.data, 'adult', 'adult-train.csv') },
        { ...defaultParams(splitDef.params), seed: 7 },
      );
      expect(await rowsOf(other.data, (again.test as TableValue).table)).toEqual(testA);
    } finally {
      other.data.close();
    }
    const [{ same }] = await ctx.data.all<{ same: number }>(
      `SELECT count(*) AS same FROM (SELECT * FROM "${a.test.table}" INTERSECT ALL SELECT * FROM "${c.test.table}")`,
    );
    // Two independent 20% samples overlap in about 20% of their rows, far from all of them.
    expect(same).toBeLessThan(testA.length * 0.3);
    expect(same).toBeGreaterThan(testA.length * 0.1);
  });

  it('splits the same data the same way when its rows arrive in another order', async () => {
    const adult = await loadAdult(ctx.data, 'adult', 'adult-train.csv');
    await ctx.data.run('CREATE TABLE adult_reversed AS SELECT * FROM adult ORDER BY rowid DESC');
    const a = await split(adult, { seed: 3, stratify: 'income' }, 'fwd');
    const b = await split(await ctx.data.describe('adult_reversed'), { seed: 3, stratify: 'income' }, 'rev');
    expect(await rowsOf(ctx.data, b.test.table)).toEqual(await rowsOf(ctx.data, a.test.table));
    expect(await rowsOf(ctx.data, b.train.table)).toEqual(await rowsOf(ctx.data, a.train.table));
  });

  it('keeps each class share within one row of the ratio (iris and adult)', async () => {
    const iris = await loadCsv(ctx.data, 'iris', 'iris.csv');
    const parts = await split(iris, { testRatio: 0.2, validationRatio: 0.1, stratify: 'species' });
    // iris: 50 rows per species (python Counter) -> 10 test and 5 validation each.
    expect(await classCounts(parts.test.table, 'species')).toEqual({ setosa: 10, versicolor: 10, virginica: 10 });
    expect(await classCounts(parts.validation.table, 'species')).toEqual({ setosa: 5, versicolor: 5, virginica: 5 });

    const adult = await loadAdult(ctx.data, 'adult', 'adult-train.csv');
    const ap = await split(adult, { testRatio: 0.25, stratify: 'income' }, 'adult_strat');
    const test = await classCounts(ap.test.table, 'income');
    // awk -F', ' '{print $15}' adult-train.csv | sort | uniq -c: 24,720 "<=50K" and 7,841 ">50K".
    expect(Math.abs(test['<=50K'] - 24720 * 0.25)).toBeLessThanOrEqual(1);
    expect(Math.abs(test['>50K'] - 7841 * 0.25)).toBeLessThanOrEqual(1);
    const train = await classCounts(ap.train.table, 'income');
    expect(train['<=50K'] + test['<=50K']).toBe(24720);
    expect(train['>50K'] + test['>50K']).toBe(7841);
  });

  it('without shuffling, keeps file order and puts the last rows in test', async () => {
    const iris = await loadCsv(ctx.data, 'iris', 'iris.csv');
    const parts = await split(iris, { shuffle: false, testRatio: 0.1 });
    const test = await rowsOf(ctx.data, parts.test.table);
    const train = await rowsOf(ctx.data, parts.train.table);
    // Lines 2 and 137 of iris.csv (first row; first of the last 15 rows), and line 151 (last row).
    expect(train[0]).toMatchObject({ sepal_length: 5.1, sepal_width: 3.5, species: 'setosa' });
    expect(test[0]).toMatchObject({ sepal_length: 7.7, sepal_width: 3.0, petal_length: 6.1 });
    expect(test[14]).toMatchObject({ sepal_length: 5.9, sepal_width: 3.0, petal_length: 5.1, species: 'virginica' });
  });

  it('refuses shares that leave nothing for training, and unknown columns', async () => {
    const iris = await loadCsv(ctx.data, 'iris', 'iris.csv');
    await expect(split(iris, { testRatio: 0.6, validationRatio: 0.4 })).rejects.toThrow(/add up to 1; together they must stay below 1/);
    await expect(split(iris, { stratify: 'label' })).rejects.toThrow(/no column "label"/);
  });
});
