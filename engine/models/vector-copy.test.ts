import { DuckDBDoubleVector } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDataPlane, type DataPlane } from '../data/data-plane.js';
import { encodeUnscaled, type FittedEncoding } from './preprocessing.js';
import { readDoubleColumns, streamDoubleColumns } from './table-reader.js';
import { copyDoubleColumn } from './vector-copy.js';

let data: DataPlane;
beforeAll(async () => {
  data = await openDataPlane(':memory:');
  // 5,000 rows: three DuckDB chunks (2,048 rows each), with NULLs and a NaN in the middle one.
  await data.run(`CREATE TABLE t AS SELECT i, CASE WHEN i % 7 = 0 THEN NULL WHEN i = 3001 THEN 'NaN'::DOUBLE ELSE i * 0.5 END AS x FROM range(5000) r(i)`);
});
afterAll(() => data.close());

describe('readDoubleColumns', () => {
  it('reads every row of every chunk, NULL and NaN as NaN, without a call per cell', async () => {
    const perCell = vi.spyOn(DuckDBDoubleVector.prototype, 'getItem');
    try {
      const { rows, columns } = await readDoubleColumns(data, 'SELECT CAST(i AS DOUBLE), x FROM t ORDER BY i', 2);
      expect(rows).toBe(5000);
      // Expected by the formula the table was made with, not by another read.
      for (const i of [0, 1, 6, 7, 2047, 2048, 3001, 4095, 4096, 4999]) {
        expect(columns[0][i]).toBe(i);
        if (i % 7 === 0 || i === 3001) expect(columns[1][i]).toBeNaN();
        else expect(columns[1][i]).toBe(i * 0.5);
      }
      expect(columns[1].filter((v) => Number.isNaN(v)).length).toBe(Math.ceil(5000 / 7) + 1);
      expect(perCell).not.toHaveBeenCalled();
    } finally {
      perCell.mockRestore();
    }
  });

  it('still reads columns of other types as doubles', async () => {
    const { columns } = await readDoubleColumns(data, 'SELECT i, CAST(i AS FLOAT) / 4 FROM t WHERE i < 3 ORDER BY i', 2);
    expect(Array.from(columns[0])).toEqual([0, 1, 2]);
    expect(Array.from(columns[1])).toEqual([0, 0.25, 0.5]);
  });
});

describe('encodeUnscaled on a slice of the rows', () => {
  it('gives the same rows as encoding the whole table, batch by batch', () => {
    const spec = {
      features: [
        { name: 'n', kind: 'numeric', median: 9 },
        { name: 'c', kind: 'categorical', categories: ['a', 'b'] },
      ],
      encodedNames: ['n', 'c=a', 'c=b'],
    } as unknown as FittedEncoding;
    const raw = { rows: 5, columns: [Float64Array.from([1, NaN, 3, 4, 5]), Int32Array.from([0, 1, -1, 1, 0])] };
    // Rows 1 to 3 by hand: NaN imputed with the median 9, code -1 (unseen) all zeros.
    expect(Array.from(encodeUnscaled(spec, raw, 1, 3))).toEqual([9, 0, 1, 3, 0, 0, 4, 0, 1]);
    const whole = encodeUnscaled(spec, raw);
    const batches = [encodeUnscaled(spec, raw, 0, 2), encodeUnscaled(spec, raw, 2, 2), encodeUnscaled(spec, raw, 4, 1)];
    expect(batches.flatMap((b) => Array.from(b))).toEqual(Array.from(whole));
  });

  it('reuses a buffer without carrying the one-hot cells of one batch into the next', () => {
    const spec = {
      features: [
        { name: 'c', kind: 'categorical', categories: ['a', 'b'] },
        { name: 'n', kind: 'numeric', median: 9 },
      ],
      encodedNames: ['c=a', 'c=b', 'n'],
    } as unknown as FittedEncoding;
    // 600 rows: more than one row tile of the encoder; codes cycle a, b, unseen, values i or missing.
    const rows = 600;
    const codes = Int32Array.from({ length: rows }, (_, i) => (i % 3 === 2 ? -1 : i % 3));
    const values = Float64Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? NaN : i));
    const raw = { rows, columns: [codes, values] };
    const buffer = new Float32Array(400 * 3).fill(7);
    const first = Array.from(encodeUnscaled(spec, raw, 0, 400, buffer));
    const second = encodeUnscaled(spec, raw, 400, 200, buffer);
    expect(second.length).toBe(200 * 3);
    expect(second.buffer).toBe(buffer.buffer);
    // Expected row by row from the rule itself: one-hot of the code, the value or the median 9.
    const expected = (i: number) => [i % 3 === 0 ? 1 : 0, i % 3 === 1 ? 1 : 0, i % 5 === 0 ? 9 : i];
    expect(first).toEqual(Array.from({ length: 400 }, (_, i) => expected(i)).flat());
    expect(Array.from(second)).toEqual(Array.from({ length: 200 }, (_, i) => expected(400 + i)).flat());
  });
});

describe('streamDoubleColumns', () => {
  it('keeps every row when the count given is too small or too large', async () => {
    // 5,000 rows in three chunks; counts below, at and above the truth.
    for (const expected of [0, 100, 4999, 5000, 5001, 20000]) {
      const { rows, columns } = await streamDoubleColumns(data, 'SELECT CAST(i AS DOUBLE), x FROM t ORDER BY i', 2, expected);
      expect(rows).toBe(5000);
      expect(columns[0].length).toBe(5000);
      expect(columns[1].length).toBe(5000);
      expect(columns[0][0]).toBe(0);
      expect(columns[0][4999]).toBe(4999);
      expect(columns[1][4999]).toBe(4999 * 0.5);
    }
  });
});

describe('copyDoubleColumn', () => {
  it('copies the column of a chunk, NULLs (the validity mask) as NaN', async () => {
    // No coalesce here, so DuckDB hands over a validity mask; NULL at every 7th row and at row 1,000.
    const result = await data.connection.stream('SELECT CASE WHEN i % 7 = 0 OR i = 1000 THEN NULL ELSE i / 2 END::DOUBLE FROM range(2048) r(i)');
    const chunk = (await result.fetchChunk())!;
    const out = new Float64Array(chunk.rowCount + 3).fill(-1);
    copyDoubleColumn(chunk, 0, chunk.rowCount, out, 3);
    expect(Array.from(out.subarray(0, 3))).toEqual([-1, -1, -1]);
    for (let i = 0; i < chunk.rowCount; i++) {
      if (i % 7 === 0 || i === 1000) expect(out[3 + i]).toBeNaN();
      else expect(out[3 + i]).toBe(i * 0.5);
    }
  });
});
