/**
 * Explain on a logistic model trained on adult, against a from-scratch computation in Python
 * (permutation-reference.py: pandas reads the CSV itself, numpy runs the model from its weights and
 * rebuilds the documented shuffles): importance within its spread, and the integrated gradients of
 * chosen rows adding up to f(row) - f(baseline), both taken from Python, within 1e-3.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../../engine/data/data-plane.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ModelValue, TableValue } from '../../engine/values.js';
import { trainOn } from '../testing/train-test-kit.js';
import { loadAdult, SHARED_DATA } from '../testing/test-datasets.js';
import { explainDef } from './def.js';
import { explainRunner } from './run.js';

interface Reference {
  baseline: number;
  scores: Record<string, number[]>;
  probabilities: Record<string, number[]>;
  baselineProbabilities: number[];
}

const MAX_ROWS = 3000;
const SEED = 7;
const REPEATS = 4;
const ROWS = [1, 3, 40];

let data: DataPlane;
let model: ModelValue;
let test: TableValue;
let out: Record<string, unknown>;
let reference: Reference;

beforeAll(async () => {
  data = await openDataPlane(':memory:');
  const train = await loadAdult(data, 'adult_train', 'adult-train.csv');
  test = await loadAdult(data, 'adult_test', 'adult-test.csv');
  ({ model } = await trainOn(data, train, { target: 'income', model: 'linear', epochs: 3, seed: 1 }));
  const ctx = createFakeContext(data, { nodeId: 'explain' });
  const params = { ...defaultParams(explainDef.params), maxRows: MAX_ROWS, seed: SEED, repeats: REPEATS, rows: ROWS, dependenceColumns: ['age', 'education'] };
  out = await explainRunner.run(ctx, { model, table: test }, params);
  const script = join(process.cwd(), 'nodes/explain/permutation-reference.py');
  const args = [script, model.dir, join(SHARED_DATA, 'adult-test.csv'), String(MAX_ROWS), String(SEED), String(REPEATS), ROWS.join(',')];
  reference = JSON.parse(execFileSync('/usr/bin/python3', args, { encoding: 'utf8', maxBuffer: 1 << 24 }));
}, 600_000);

afterAll(() => data?.close());

describe('Explain on an adult logistic model', () => {
  it('gives the baseline accuracy and every column importance that Python computes with the same shuffles, within the spread', async () => {
    const metrics = out.metrics as MetricsValue;
    expect(metrics.metrics.unshuffled_accuracy).toBeCloseTo(reference.baseline, 6);
    const rows = await data.all<{ feature: string; importance: number; std: number }>(
      `SELECT feature, importance, std FROM ${(out.importance as TableValue).table} ORDER BY rank`,
    );
    expect(rows.map((r) => r.feature).sort()).toEqual(Object.keys(reference.scores).sort());
    for (const r of rows) {
      const py = reference.scores[r.feature];
      const pyMean = py.reduce((a, b) => a + b, 0) / py.length;
      // Same model, same shuffles: float32 against float64 can flip a row sitting on 0.5, no more.
      expect(Math.abs(r.importance - pyMean), r.feature).toBeLessThanOrEqual(r.std + 1e-9);
      expect(Math.abs(r.importance - pyMean), r.feature).toBeLessThan(2 / MAX_ROWS);
    }
    const top = rows[0].feature;
    expect(metrics.metrics.max_importance_share).toBeCloseTo(metrics.groups![top].share, 12);
  });

  it('attributes each chosen row by integrated gradients that add up to f(row) - f(baseline) from Python, within 1e-3', async () => {
    const got = await data.all<{ row: number; output: string; total: number; prediction: number; base: number; n: number }>(
      `SELECT row, any_value(output) AS output, sum(attribution) AS total, any_value(prediction) AS prediction, any_value(base) AS base, count(*) AS n FROM ${(out.attributions as TableValue).table} GROUP BY row ORDER BY row`,
    );
    expect(got.map((g) => g.row)).toEqual(ROWS);
    for (const g of got) {
      // One attribution per raw column: the one-hot groups summed back.
      expect(Number(g.n)).toBe(14);
      expect(g.output).toBe('>50K');
      const fx = reference.probabilities[String(g.row)][1];
      const fb = reference.baselineProbabilities[1];
      expect(Math.abs(g.prediction - fx)).toBeLessThan(1e-5);
      expect(Math.abs(g.base - fb)).toBeLessThan(1e-5);
      expect(Math.abs(g.total - (fx - fb))).toBeLessThan(1e-3);
    }
  });

  it('draws dependence on the picked columns over quantiles and categories, the mean being the mean of the ICE lines', async () => {
    const t = (out.dependence as TableValue).table;
    const curves = await data.all<{ feature: string; points: number; lines: number }>(
      `SELECT feature, count(DISTINCT grid_index) AS points, count(DISTINCT row) AS lines FROM ${t} GROUP BY feature ORDER BY feature`,
    );
    expect(curves.map((c) => [c.feature, Number(c.lines)])).toEqual([
      ['age', 50],
      ['education', 50],
    ]);
    expect(Number(curves[1].points)).toBe(10);
    const gaps = await data.all<{ gap: number }>(
      `SELECT max(abs(a.prediction - i.m)) AS gap FROM ${t} a JOIN (SELECT feature, grid_index, avg(prediction) AS m FROM ${t} WHERE row IS NOT NULL GROUP BY ALL) i USING (feature, grid_index) WHERE a.row IS NULL`,
    );
    expect(gaps[0].gap).toBeLessThan(1e-9);
  });
});
