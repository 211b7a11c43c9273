/**
 * The medians fitPreprocessing fills missing numbers with: exact, and on a table of several row
 * groups computed one column at a time (DuckDB's median holds a column's values while it runs; all
 * columns in one query held them all). Expected medians counted by hand from the generating formulas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../data/data-plane.js';
import { fitPreprocessing } from './fit-preprocessing.js';

// a = i; b = (7 i) mod 130000, a permutation of 0..129999; c = i for odd i, missing for even i.
const ROWS = (n: number) =>
  `SELECT i::DOUBLE AS a, ((i * 7) % 130000)::DOUBLE AS b, CASE WHEN i % 2 = 1 THEN i::DOUBLE END AS c, CASE WHEN i % 3 = 0 THEN 'p' ELSE 'q' END AS y FROM range(${n}) t(i)`;

let data: DataPlane;
const medianStatements: string[] = [];
beforeAll(async () => {
  data = await openDataPlane(':memory:');
  await data.run(`CREATE TABLE big AS ${ROWS(130_000)}`);
  await data.run(`CREATE TABLE small AS ${ROWS(1_000)}`);
  const all = data.all.bind(data);
  data.all = (sql, params) => {
    if (sql.includes('median(')) medianStatements.push(sql);
    return all(sql, params);
  };
});
afterAll(() => data.close());

async function medians(table: string): Promise<(number | undefined)[]> {
  medianStatements.length = 0;
  const columns = await data.columns(table);
  const spec = await fitPreprocessing(
    data,
    table,
    columns.filter((c) => c.name !== 'y'),
    columns.find((c) => c.name === 'y')!,
    'classification',
  );
  return ['a', 'b', 'c'].map((name) => spec.features.find((f) => f.name === name)?.median);
}

describe('fitPreprocessing medians', () => {
  it('on 130,000 rows (two row groups): exact, one column per statement', async () => {
    // a and b: 0..129999, median (64999 + 65000) / 2; c: the 65,000 odd numbers 1..129999, median (64999 + 65001) / 2.
    expect(await medians('big')).toEqual([64999.5, 64999.5, 65000]);
    expect(medianStatements).toHaveLength(3);
  });

  it('on 1,000 rows: exact, all columns in one statement', async () => {
    // a: 0..999 -> 499.5; b: 0, 7, ..., 6993 -> (499 * 7 + 500 * 7) / 2; c: odd 1..999 -> (499 + 501) / 2.
    expect(await medians('small')).toEqual([499.5, 3496.5, 500]);
    expect(medianStatements).toHaveLength(1);
  });
});
