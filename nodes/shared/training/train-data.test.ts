/**
 * prepareTrainingData reads described tables without asking DuckDB what the TableValue already
 * says (no row count of the read, no DESCRIBE), and a row count that is off (rows without a target,
 * or a table grown since it was described) loses no row and adds none. Expected rows counted by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../../../engine/data/data-plane.js';
import type { TableValue } from '../../../engine/values.js';
import { prepareTrainingData, resolveColumns } from './train-data.js';

let data: DataPlane;
const statements: string[] = [];

beforeAll(async () => {
  data = await openDataPlane(':memory:');
  const all = data.all.bind(data);
  data.all = (sql, params) => {
    statements.push(sql);
    return all(sql, params);
  };
  // 10 rows; y is missing on rows 3 and 7: 8 usable rows.
  await data.run(`CREATE TABLE t AS SELECT i::DOUBLE AS x, CASE WHEN i IN (3, 7) THEN NULL WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END AS y FROM range(10) r(i)`);
});
afterAll(() => data.close());

const prepare = (table: TableValue, validation?: TableValue) =>
  prepareTrainingData(data, table, validation, resolveColumns(table, 'y', []), 'classification', new AbortController().signal);

describe('prepareTrainingData on described tables', () => {
  it('asks for no row count of the read and no DESCRIBE, and keeps exactly the rows with a target', async () => {
    const table = await data.describe('t');
    statements.length = 0;
    const prepared = await prepare(table, table);
    expect(statements.filter((s) => /^DESCRIBE|count\(\*\) AS n FROM \(SELECT/.test(s))).toEqual([]);
    expect(prepared.train.rows).toBe(8);
    expect(prepared.validation?.rows).toBe(8);
    // x of the kept rows, in table order: 0 1 2 4 5 6 8 9; labels even/odd as codes 0/1.
    const { x, y } = prepared.train as { x: Float32Array; y: Float32Array };
    const mean = (0 + 1 + 2 + 4 + 5 + 6 + 8 + 9) / 8;
    const std = Math.sqrt([0, 1, 2, 4, 5, 6, 8, 9].reduce((s, v) => s + (v - mean) ** 2, 0) / 8);
    expect(Array.from(x, (v) => Math.round(v * std + mean) + 0)).toEqual([0, 1, 2, 4, 5, 6, 8, 9]);
    expect(Array.from(y)).toEqual([0, 1, 0, 0, 1, 0, 0, 1]);
  });

  it('reads every row of a table that grew after it was described', async () => {
    const stale = { ...(await data.describe('t')), rowCount: 2 };
    const prepared = await prepare(stale);
    expect(prepared.train.rows).toBe(8);
  });
});
