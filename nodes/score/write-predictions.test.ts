import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../../engine/data/data-plane.js';
import type { ScoreResult } from './scorer.js';
import { writePredictions } from './write-predictions.js';

let data: DataPlane;
beforeAll(async () => {
  data = await openDataPlane(':memory:');
});
afterAll(() => data.close());

// 5,000 rows span three appended chunks of 2,048 rows.
const ROWS = 5000;

describe('writePredictions', () => {
  it('writes the first most likely label and every probability, row by row in order', async () => {
    const labels = ['a', 'b', 'c'];
    const outputs = new Float32Array(ROWS * 3);
    for (let i = 0; i < ROWS; i++) {
      // Row i favours class i % 3; every 10th row is a three-way tie, which goes to the first class.
      for (let k = 0; k < 3; k++) outputs[i * 3 + k] = i % 10 === 0 ? 0.25 : k === i % 3 ? 0.5 : 0.25;
    }
    const r: ScoreResult = { rows: ROWS, outputs, width: 3, task: 'classification', target: 'y', labels, runtime: 'onnx' };
    const { columns, selects } = await writePredictions(data, 'p', r);
    expect(columns).toEqual(['predicted_y', 'probability_a', 'probability_b', 'probability_c']);
    // The columns as the node adds them: the label as text, each probability as a DOUBLE.
    await data.run(`CREATE TABLE p_out AS SELECT ${selects.join(', ')} FROM p`);
    expect(await data.columns('p_out')).toEqual([
      { name: 'predicted_y', type: 'VARCHAR' },
      ...['a', 'b', 'c'].map((l) => ({ name: `probability_${l}`, type: 'DOUBLE' })),
    ]);
    const rows = await data.all<{ label: string; pa: number; pb: number }>('SELECT predicted_y AS label, probability_a AS pa, probability_b AS pb FROM p_out');
    expect(rows.length).toBe(ROWS);
    for (const i of [0, 1, 2, 3, 2047, 2048, 2049, 4096, 4999]) {
      const expected = i % 10 === 0 ? 'a' : labels[i % 3];
      expect(rows[i]).toEqual({ label: expected, pa: i % 10 !== 0 && i % 3 === 0 ? 0.5 : 0.25, pb: i % 10 !== 0 && i % 3 === 1 ? 0.5 : 0.25 });
    }
    // Counts by hand: ties (i % 10 == 0) 500 rows to "a"; of the other 4,500, i % 3 spreads them.
    let a = 500;
    for (let i = 0; i < ROWS; i++) if (i % 10 !== 0 && i % 3 === 0) a++;
    const [{ n }] = await data.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM p_out WHERE predicted_y = 'a'`);
    expect(n).toBe(a);
  });

  it('writes one predicted value per row for regression', async () => {
    const outputs = Float32Array.from({ length: ROWS }, (_, i) => i / 4);
    const r: ScoreResult = { rows: ROWS, outputs, width: 1, task: 'regression', target: 'price', runtime: 'onnx' };
    const { columns, selects } = await writePredictions(data, 'q', r);
    expect(columns).toEqual(['predicted_price']);
    const [s] = await data.all<{ n: number; total: number; last: number }>(
      `SELECT count(*)::INTEGER AS n, sum(predicted_price) AS total, last(predicted_price) AS last FROM (SELECT ${selects.join(', ')} FROM q)`,
    );
    // sum of i/4 for i < 5000 = 4999 * 5000 / 8.
    expect(s).toEqual({ n: ROWS, total: (4999 * 5000) / 8, last: 4999 / 4 });
  });

  it('keeps the predictions in a temporary table, never written to the workspace database', async () => {
    const r: ScoreResult = { rows: 3, outputs: Float32Array.of(1, 2, 3), width: 1, task: 'regression', target: 'v', runtime: 'onnx' };
    await writePredictions(data, 'tmp_preds', r);
    expect(await data.all(`SELECT database_name, temporary FROM duckdb_tables() WHERE table_name = 'tmp_preds'`)).toEqual([
      { database_name: 'temp', temporary: true },
    ]);
  });
});
