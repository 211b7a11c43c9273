/**
 * Explain on linear regressions over a synthetic table, and on a small penguins MLP:
 * - importance ranks equal the ranks of |coefficient| x standard deviation of each column, with
 *   the coefficients read from the trained weights (weights.bin) and the deviations from DuckDB;
 * - the business-goal rule "max_importance_share at most 0.5" blocks a model one column dominates and
 *   passes one whose columns share the work, and the model card carries the explanation;
 * - integrated gradients on the MLP add up to f(row) - f(baseline) within 1e-3, f(row) being the
 *   Score node's ONNX probability and f(baseline) the network run on the all-zero (mean) row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal } from '../../engine/data/data-plane.js';
import { readModelRecipe } from '../../engine/models/model-recipe.js';
import { loadLayersModel } from '../../engine/models/tf-io.js';
import { getTf } from '../../engine/models/tf-backend.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ModelValue, ReportValue, TableValue } from '../../engine/values.js';
import { scoreAndEvaluate, trainOn } from '../testing/train-test-kit.js';
import { DATA_DIR } from '../testing/test-data.js';
import { validateGoalsDef } from '../validate-goals/def.js';
import { validateGoalsRunner } from '../validate-goals/run.js';
import { explainDef } from './def.js';
import { explainRunner } from './run.js';

const COLUMNS = ['a', 'b', 'c', 'd'];
let ctx: FakeContext;
let table: TableValue;

const explain = (model: ModelValue, on: TableValue, id: string, extra: Partial<ReturnType<typeof defaultParams<typeof explainDef.params>>> = {}) =>
  explainRunner.run(createFakeContext(ctx.data, { nodeId: id }), { model, table: on }, { ...defaultParams(explainDef.params), repeats: 5, ...extra });

/** The single Dense layer's kernel, from model.json's manifest and weights.bin (float32, little-endian). */
function linearKernel(dir: string): number[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).weightsManifest[0];
  const bin = readFileSync(join(dir, manifest.paths[0]));
  const kernel = manifest.weights[0];
  const size = kernel.shape.reduce((a: number, b: number) => a * b, 1);
  return Array.from(new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + size * 4)));
}

const gate = async (metrics: MetricsValue, model: ModelValue, id: string) => {
  const rule = { metric: 'other', metricName: 'max_importance_share', scope: 'overall', className: '', comparison: 'at-most', threshold: 0.5 } as const;
  const out = await validateGoalsRunner.run(
    createFakeContext(ctx.data, { nodeId: id }),
    { metrics, model },
    { ...defaultParams(validateGoalsDef.params), rules: [rule] },
  );
  const report = out.report as ReportValue;
  return { passed: report.gate!.passed, card: readFileSync(report.files.find((f) => f.name === 'model-card.md')!.path, 'utf8') };
};

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'explain_linear' });
  // Uniform columns of very different spreads from a hash of the row number (no RNG state to share).
  const u = (k: number) => `((hash(i * 4 + ${k}) % 100000) / 100000.0)`;
  await ctx.data.run(
    `CREATE TABLE synth AS SELECT a, b, c, d, 2 * a + 30 * b - 0.05 * c + 0.5 * d + ${u(9)} AS y, a / 2.9 + b / 0.29 + c / 29 + ${u(8)} AS y_even FROM (SELECT i, ${u(0)} * 10 AS a, ${u(1)} AS b, ${u(2)} * 100 AS c, ${u(3)} * 5 AS d FROM range(3000) t(i))`,
  );
  table = await ctx.data.describe('synth');
}, 120_000);
afterAll(() => ctx.data.close());

describe('Explain on linear models', () => {
  it('ranks the columns as |coefficient| x std does, and the one-column-dominates rule blocks the gate', async () => {
    const { model } = await trainOn(ctx.data, table, { target: 'y', features: COLUMNS, model: 'linear', epochs: 40, learningRate: 0.05, seed: 2 });
    const out = await explain(model, table, 'explain_y', { metric: 'rmse' });
    const spec = (await readModelRecipe(model.dir))!.encoding;
    const kernel = linearKernel(model.dir);
    const [stds] = await ctx.data.all<Record<string, number>>(`SELECT ${COLUMNS.map((c) => `stddev_pop(${c}) AS ${c}`).join(', ')} FROM synth`);
    // Prediction = sum_j w_j (x_j - mean_j) / scaleStd_j * yStd + yMean: the raw coefficient is w_j * yStd / scaleStd_j.
    const effect = COLUMNS.map((c, j) => ({ c, e: Math.abs((kernel[j] * spec.target.std!) / spec.scaleStd[j]) * stds[c] }));
    const expected = [...effect].sort((x, y) => y.e - x.e).map((x) => x.c);
    expect(expected).toEqual(['b', 'a', 'c', 'd']);
    const ranked = (await ctx.data.all<{ feature: string }>(`SELECT feature FROM ${(out.importance as TableValue).table} ORDER BY rank`)).map((r) => r.feature);
    expect(ranked).toEqual(expected);
    const metrics = out.metrics as MetricsValue;
    expect(metrics.metrics.max_importance_share).toBeGreaterThan(0.5);
    const { passed, card } = await gate(metrics, model, 'gate_y');
    expect(passed).toBe(false);
    expect(card).toContain('## Explanation');
    expect(card).toMatch(/how much rmse worsens when the column is shuffled \(rmse 0\.\d+ unshuffled\)/);
    expect(card).toMatch(/\| b \| [0-9.e-]+ \| [0-9.e-]+ \| 0\.\d+ \|/);
  });

  it('passes the rule when the columns share the work', async () => {
    const { model } = await trainOn(ctx.data, table, { target: 'y_even', features: COLUMNS, model: 'linear', epochs: 40, learningRate: 0.05, seed: 2 });
    const out = await explain(model, table, 'explain_even');
    const metrics = out.metrics as MetricsValue;
    expect(metrics.metrics.unshuffled_r2).toBeGreaterThan(0.9);
    expect(metrics.metrics.max_importance_share).toBeLessThan(0.5);
    expect((await gate(metrics, model, 'gate_even')).passed).toBe(true);
  });
});

describe('integrated gradients on a penguins MLP', () => {
  it('adds up to f(row) - f(baseline) within 1e-3 on every chosen row, onto the raw columns', async () => {
    await ctx.data.run(`CREATE TABLE penguins AS SELECT * FROM read_csv(${literal(join(DATA_DIR, 'penguins.csv'))}) WHERE bill_length_mm IS NOT NULL`);
    const penguins = await ctx.data.describe('penguins');
    const { model } = await trainOn(ctx.data, penguins, { target: 'species', model: 'mlp', hiddenLayers: [16, 16], epochs: 30, seed: 4 });
    const rows = [1, 100, 250, 330];
    const out = await explain(model, penguins, 'explain_mlp', { rows, repeats: 2 });
    const { scored } = await scoreAndEvaluate(ctx.data, model, penguins);
    const probs = await ctx.data.all<Record<string, number | string>>(
      `SELECT * FROM (SELECT row_number() OVER () AS pos, * FROM ${scored.table}) ORDER BY pos`,
    );
    const network = await loadLayersModel(model.dir);
    const { tf } = await getTf();
    const width = (await readModelRecipe(model.dir))!.encoding.encodedNames.length;
    const atBaseline = tf.tidy(() => Array.from((network.predict(tf.zeros([1, width])) as ReturnType<typeof tf.zeros>).dataSync()));
    network.dispose();
    const labels = model.labels!;
    const got = await ctx.data.all<{ row: number; output: string; total: number; n: number; method: string }>(
      `SELECT row, any_value(output) AS output, sum(attribution) AS total, count(*) AS n, any_value(method) AS method FROM ${(out.attributions as TableValue).table} GROUP BY row ORDER BY row`,
    );
    expect(got.map((g) => [g.row, g.method, Number(g.n)])).toEqual(rows.map((r) => [r, 'integrated-gradients', 6]));
    for (const g of got) {
      const fx = Number(probs[g.row - 1][`probability_${g.output}`]);
      // Three classes: each row's predicted class is explained.
      expect(g.output).toBe(probs[g.row - 1].predicted_species);
      const fb = atBaseline[labels.indexOf(g.output)];
      expect(Math.abs(g.total - (fx - fb)), `row ${g.row}`).toBeLessThan(1e-3);
    }
  });
});
