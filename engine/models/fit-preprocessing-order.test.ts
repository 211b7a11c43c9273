/**
 * Same table, same scaling, in every run: a table of several row groups is summed on one thread,
 * so its means and deviations (the model's scaling) do not depend on how DuckDB shared the rows
 * between threads. The reference is DuckDB on one thread in a database of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../data/data-plane.js';
import { fitPreprocessing } from './fit-preprocessing.js';

// 500,000 rows (four row groups) of large values with small parts: the last digits of their sum depend on its order.
const ROWS = `SELECT (hash(i) % 1000000)::DOUBLE * 1e9 + (i % 7) * 0.1 AS x, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS y FROM range(500000) t(i)`;
let data: DataPlane;
let reference: { mean: number; std: number };

beforeAll(async () => {
  data = await openDataPlane(':memory:');
  await data.run(`CREATE TABLE big AS ${ROWS}`);
  const single = await openDataPlane(':memory:');
  try {
    await single.run('SET threads = 1');
    await single.run(`CREATE TABLE big AS ${ROWS}`);
    const [m] = await single.all<{ med: number }>('SELECT median(x) AS med FROM big WHERE y IS NOT NULL');
    const imputed = `coalesce(x, ${m.med}::DOUBLE)`;
    const [s] = await single.all<{ mean: number; std: number }>(`SELECT avg(${imputed}) AS mean, stddev_pop(${imputed}) AS std FROM big WHERE y IS NOT NULL`);
    reference = s;
  } finally {
    single.close();
  }
});
afterAll(() => data.close());

describe('fitPreprocessing on a table of several row groups', () => {
  it('scales by the one-thread sums in every run, to the last digit', async () => {
    const columns = await data.columns('big');
    for (let run = 0; run < 5; run++) {
      const spec = await fitPreprocessing(data, 'big', [columns[0]], columns[1], 'classification');
      expect([spec.scaleMean[0], spec.scaleStd[0]]).toEqual([reference.mean, reference.std]);
    }
    // The database's own setting is back once the sums are done.
    const [{ t }] = await data.all<{ t: unknown }>(`SELECT current_setting('threads') AS t`);
    expect(Number(t)).toBeGreaterThan(1);
  });
});
