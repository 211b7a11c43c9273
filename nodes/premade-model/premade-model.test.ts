/**
 * The Premade model node on the two ONNX models of ../shared/data/premade, used as a user receives
 * them: mapping by order (penguins, feature_order) and by name (adult's six inputs), and parity
 * with PyTorch's own outputs in reference-outputs.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { DATA_DIR, loadAdult, loadCsv, rowsOf } from '../testing/test-data.js';
import { premadeModelDef } from './def.js';
import { premadeModelRunner } from './run.js';

const PREMADE = join(DATA_DIR, 'premade');
const reference = JSON.parse(readFileSync(join(PREMADE, 'reference-outputs.json'), 'utf8'));

let ctx: FakeContext;
let penguins: TableValue;
let adult: TableValue;
let n = 0;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'premade' });
  penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
  adult = await loadAdult(ctx.data, 'adult', 'adult-train.csv');
});
afterAll(() => ctx.data.close());

export const runPremade = async (table: TableValue, params: Partial<ReturnType<typeof defaultParams<typeof premadeModelDef.params>>>) => {
  const c = createFakeContext(ctx.data, { nodeId: `premade${++n}` });
  const out = await premadeModelRunner.run(c, { table }, { ...defaultParams(premadeModelDef.params), ...params });
  return { ctx: c, table: out.table as TableValue, model: out.model as ModelValue, unscored: out.unscored as TableValue };
};

describe('premade model node', () => {
  it("maps penguins by the model's feature_order and equals PyTorch's probabilities within 1e-6", async () => {
    const { table, ctx: c } = await runPremade(penguins, { model: join(PREMADE, 'penguins_classifier.onnx'), target: 'species' });
    expect(table.columns.map((x) => x.name).slice(-4)).toEqual(['predicted_species', 'probability_Adelie', 'probability_Chinstrap', 'probability_Gentoo']);
    const rows = (await rowsOf(ctx.data, table.table)).slice(0, 5);
    const ref = reference.penguins_classifier;
    rows.forEach((r, i) => {
      const features = [r.bill_length_mm, r.bill_depth_mm, r.flipper_length_mm, r.body_mass_g].map(Number);
      features.forEach((v, k) => expect(Math.fround(v)).toBe(ref.features[i][k]));
      ['Adelie', 'Chinstrap', 'Gentoo'].forEach((label, k) => expect(Math.abs(Number(r[`probability_${label}`]) - ref.probabilities[i][k])).toBeLessThan(1e-6));
    });
    expect(c.progressCalls.at(-1)).toMatchObject({ fraction: 1, detail: { done: 342, total: 342, unit: 'rows' } });
  });

  it("maps adult's six inputs by name (education-num -> education_num) and equals PyTorch's probability within 1e-6", async () => {
    const { table, model } = await runPremade(adult, {
      model: join(PREMADE, 'adult_income_two_heads.onnx'),
      target: 'income',
      labels: ['<=50K', '>50K'],
      keepOutputs: ['embedding'],
    });
    expect(model.premade?.inputs.map((i) => [i.input, i.columns])).toEqual([
      ['age', ['age']],
      ['fnlwgt', ['fnlwgt']],
      ['education_num', ['education-num']],
      ['capital_gain', ['capital-gain']],
      ['capital_loss', ['capital-loss']],
      ['hours_per_week', ['hours-per-week']],
    ]);
    const rows = await ctx.data.all<Record<string, unknown>>(`SELECT *, len(embedding) AS width FROM ${table.table} ORDER BY rowid LIMIT 5`);
    const ref = reference.adult_income_two_heads;
    rows.forEach((r, i) => {
      expect(Number(r['education-num'])).toBe(ref.education_num[i]);
      expect(Math.abs(Number(r['probability_>50K']) - ref.probability_over_50k[i])).toBeLessThan(1e-6);
      expect(r.predicted_income).toBe(ref.probability_over_50k[i] >= 0.5 ? '>50K' : '<=50K');
      expect(Number(r.width)).toBe(16);
    });
    // PyTorch's own accuracy on adult-train (reference-outputs.json, a float32): the same rows right.
    const [{ right, total }] = await ctx.data.all<{ right: number; total: number }>(
      `SELECT count(*) FILTER (predicted_income = income) AS right, count(*) AS total FROM ${table.table}`,
    );
    expect(Math.abs(Number(right) / Number(total) - reference.train_accuracy.adult_income_two_heads)).toBeLessThan(1e-7);
  });

  it('scores in batches with progress in rows, and stops at the batch where it is cancelled', async () => {
    const c = createFakeContext(ctx.data, { nodeId: `premade${++n}` });
    const params = { ...defaultParams(premadeModelDef.params), model: join(PREMADE, 'adult_income_two_heads.onnx'), batchSize: 1000 };
    // Cancel when the third batch reports: the run must reject before the fourth.
    const progress = c.progress;
    c.progress = (fraction, message, detail) => {
      progress(fraction, message, detail);
      if (detail?.done === 3000) c.controller.abort();
    };
    await expect(premadeModelRunner.run(c, { table: adult }, params)).rejects.toThrow(/abort/i);
    expect(c.progressCalls.map((p) => p.detail?.done).filter((d) => d)).toEqual([1000, 2000, 3000]);
    expect(c.progressCalls.at(-1)?.message).toBe('3000 of 32561 rows scored');
    expect(await ctx.data.tableExists(c.outputTable('table'))).toBe(false);
  });
});
