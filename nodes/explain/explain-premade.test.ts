/**
 * Explain on the penguins premade ONNX model (PyTorch, ../shared/data/premade) and on a custom head
 * trained on its logits plus "island". With 4 raw columns KernelSHAP takes every coalition, so its
 * values are the exact Shapley values; the test computes those itself by brute force over the 16
 * subsets, running the ONNX file through onnxruntime-node directly on rows it reads with its own SQL.
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal } from '../../engine/data/data-plane.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ModelValue, TableValue } from '../../engine/values.js';
import { customHeadDef } from '../custom-head/def.js';
import { customHeadRunner } from '../custom-head/run.js';
import { premadeModelDef } from '../premade-model/def.js';
import { premadeModelRunner } from '../premade-model/run.js';
import { DATA_DIR } from '../testing/test-data.js';
import { explainDef } from './def.js';
import { explainRunner } from './run.js';

const PENGUINS_ONNX = join(DATA_DIR, 'premade', 'penguins_classifier.onnx');
const FEATURES = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'];
const ROWS = [1, 200, 300];

let ctx: FakeContext;
let penguins: TableValue;
let premade: ModelValue;

const explain = async (model: ModelValue, id: string, extra: Partial<ReturnType<typeof defaultParams<typeof explainDef.params>>> = {}) => {
  const c = createFakeContext(ctx.data, { nodeId: id });
  // Background 1000 > 342 rows: every complete row is the background, so the test can rebuild it.
  const params = { ...defaultParams(explainDef.params), rows: ROWS, background: 1000, repeats: 5, ...extra };
  return explainRunner.run(c, { model, table: penguins }, params);
};

const importanceOrder = async (out: Record<string, unknown>) =>
  (await ctx.data.all<{ feature: string }>(`SELECT feature FROM ${(out.importance as TableValue).table} ORDER BY rank`)).map((r) => r.feature);

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'explain_premade' });
  await ctx.data.run(`CREATE TABLE penguins AS SELECT * FROM read_csv(${literal(join(DATA_DIR, 'penguins.csv'))})`);
  penguins = await ctx.data.describe('penguins');
  const c = createFakeContext(ctx.data, { nodeId: 'premade' });
  const out = await premadeModelRunner.run(c, { table: penguins }, { ...defaultParams(premadeModelDef.params), model: PENGUINS_ONNX, target: 'species' });
  premade = out.model as ModelValue;
}, 300_000);
afterAll(() => ctx.data.close());

/** Probabilities of the penguins model for row-major [n, 4] inputs, straight from onnxruntime-node. */
async function probabilities(session: ort.InferenceSession, x: Float32Array): Promise<Float32Array> {
  const out = await session.run({ features: new ort.Tensor('float32', x, [x.length / 4, 4]) });
  return out.probabilities.data as Float32Array;
}

describe('Explain on the penguins premade ONNX model', () => {
  it('gives KernelSHAP values equal to the exact Shapley values over every complete row as background', async () => {
    const out = await explain(premade, 'explain_penguins');
    const rows = await ctx.data.all<Record<string, number>>(
      `SELECT ${FEATURES.map((f) => `"${f}"`).join(', ')} FROM penguins WHERE ${FEATURES.map((f) => `"${f}" IS NOT NULL`).join(' AND ')}`,
    );
    const bg = rows.map((r) => FEATURES.map((f) => Number(r[f])));
    const all = await ctx.data.all<Record<string, number>>(
      `SELECT * FROM (SELECT row_number() OVER () AS pos, * FROM penguins) WHERE pos IN (${ROWS.join(', ')}) ORDER BY pos`,
    );
    const session = await ort.InferenceSession.create(PENGUINS_ONNX);
    const attributions = await ctx.data.all<{ row: number; feature: string; attribution: number; output: string }>(
      `SELECT row, feature, attribution, output FROM ${(out.attributions as TableValue).table}`,
    );
    const labels = ['Adelie', 'Chinstrap', 'Gentoo'];
    for (const row of all) {
      const x = FEATURES.map((f) => Number(row[f]));
      const mine = attributions.filter((a) => a.row === Number(row.pos));
      const k = labels.indexOf(mine[0].output);
      // The node explains each row's predicted class.
      const own = await probabilities(session, Float32Array.from(x));
      expect(k).toBe(own.indexOf(Math.max(...own)));
      const value = async (mask: number) => {
        const hybrid = new Float32Array(bg.length * 4);
        bg.forEach((b, i) => FEATURES.forEach((_, j) => (hybrid[i * 4 + j] = (mask >> j) & 1 ? x[j] : b[j])));
        const p = await probabilities(session, hybrid);
        let sum = 0;
        for (let i = 0; i < bg.length; i++) sum += p[i * 3 + k];
        return sum / bg.length;
      };
      const v = await Promise.all(Array.from({ length: 16 }, (_, mask) => value(mask)));
      const fact = [1, 1, 2, 6, 24];
      for (const [j, f] of FEATURES.entries()) {
        let phi = 0;
        for (let s = 0; s < 16; s++) {
          if ((s >> j) & 1) continue;
          const size = [0, 1, 2, 3].filter((b) => (s >> b) & 1).length;
          phi += ((fact[size] * fact[3 - size]) / fact[4]) * (v[s | (1 << j)] - v[s]);
        }
        expect(mine.find((a) => a.feature === f)!.attribution, `${f} of row ${row.pos}`).toBeCloseTo(phi, 5);
      }
    }
    await session.release();
    const order = await importanceOrder(out);
    expect(order).toHaveLength(4);
    // Adelie and Chinstrap overlap in bill depth, flipper length and mass; only the bill length tells them apart.
    expect(order[0]).toBe('bill_length_mm');
    for (const g of Object.values((out.metrics as MetricsValue).groups ?? {})) expect(g.importance).toBeGreaterThan(g.std);
    const metrics = out.metrics as MetricsValue;
    expect(metrics.metrics.unshuffled_accuracy).toBeGreaterThan(0.95);
    expect(metrics.charts?.map((c) => c.type)).toEqual(['bars', 'line', 'line', 'waterfall', 'waterfall', 'waterfall']);
  });

  it('refuses a chosen row without a measurement, naming the row and the column', async () => {
    // Row 4 of penguins.csv is "Adelie,Torgersen,,,,," (read by eye): no measurement at all.
    await expect(explain(premade, 'explain_row4', { rows: [2, 4] })).rejects.toThrow('row(s) 4 of the table have no "bill_length_mm"');
  });

  it('runs on a custom head (logits plus island) with KernelSHAP over the five raw columns', async () => {
    const c = createFakeContext(ctx.data, { nodeId: 'head' });
    const head = await customHeadRunner.run(
      c,
      { model: premade, train: penguins },
      { ...defaultParams(customHeadDef.params), featureOutput: 'logits', target: 'species', extraFeatures: ['island'], epochs: 30, seed: 3 },
    );
    const out = await explain(head.model as ModelValue, 'explain_head', { rows: [1, 300] });
    const order = await importanceOrder(out);
    expect([...order].sort()).toEqual([...FEATURES, 'island'].sort());
    const sums = await ctx.data.all<{ row: number; method: string; gap: number; n: number }>(
      `SELECT row, any_value(method) AS method, abs(sum(attribution) - any_value(prediction - base)) AS gap, count(*) AS n FROM ${(out.attributions as TableValue).table} GROUP BY row ORDER BY row`,
    );
    expect(sums.map((s) => [s.row, s.method, Number(s.n)])).toEqual([
      [1, 'kernel-shap', 5],
      [300, 'kernel-shap', 5],
    ]);
    for (const s of sums) expect(s.gap).toBeLessThan(1e-9);
    // The explained score is the head's own: its scored table (the training rows, which hold row 1) says the same.
    const [mine] = await ctx.data.all<{ output: string; prediction: number }>(
      `SELECT output, prediction FROM ${(out.attributions as TableValue).table} WHERE row = 1 LIMIT 1`,
    );
    const [scored] = await ctx.data.all<Record<string, number>>(`SELECT * FROM ${(head.table as TableValue).table} LIMIT 1`);
    expect(mine.prediction).toBeCloseTo(scored[`probability_${mine.output}`], 5);
    // The head sees the premade logits, so the bill length leads here too.
    expect(order[0]).toBe('bill_length_mm');
    const metrics = out.metrics as MetricsValue;
    expect(metrics.metrics.unshuffled_accuracy).toBeGreaterThan(0.9);
  });
});
