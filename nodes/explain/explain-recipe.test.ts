/**
 * A model trained after an Encode/scale node (one-hot groups and scaling in its recipe): Explain
 * works on the RAW columns. Each text column is shuffled before the recipe replays, so its one-hot
 * group moves as one; the importance and attribution tables name the 14 raw adult columns, never
 * "workclass_Private". The raw columns are those of adult's header (names from ../shared/data/README.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { encodeScaleDef } from '../encode-scale/def.js';
import { encodeScaleRunner } from '../encode-scale/run.js';
import { trainOn } from '../testing/train-test-kit.js';
import { ADULT_COLUMNS, loadAdult } from '../testing/test-datasets.js';
import { explainDef } from './def.js';
import { explainRunner } from './run.js';

let ctx: FakeContext;
let out: Record<string, unknown>;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'explain_recipe' });
  const train = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
  const test = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
  const encode = await encodeScaleRunner.run(
    createFakeContext(ctx.data, { nodeId: 'encode' }),
    { input: train },
    { ...defaultParams(encodeScaleDef.params), target: 'income', encoding: 'one-hot', maxCategories: 20, scaling: 'standard' },
  );
  const encoded = encode.output as TableValue;
  expect(encoded.columns.some((c) => c.name.startsWith('workclass='))).toBe(true);
  const { model } = await trainOn(ctx.data, encoded, { target: 'income', model: 'linear', epochs: 2, seed: 5 });
  out = await explainRunner.run(
    createFakeContext(ctx.data, { nodeId: 'explain' }),
    { model: model as ModelValue, table: test },
    { ...defaultParams(explainDef.params), maxRows: 1000, repeats: 2, rows: [2, 5], dependenceColumns: ['workclass'] },
  );
}, 600_000);
afterAll(() => ctx.data.close());

describe('Explain on a model with an Encode/scale recipe', () => {
  it('ranks and attributes the raw columns, a one-hot group as its text column', async () => {
    const raw = ADULT_COLUMNS.filter((c) => c !== 'income').sort();
    const importance = await ctx.data.all<{ feature: string }>(`SELECT feature FROM ${(out.importance as TableValue).table}`);
    expect(importance.map((r) => r.feature).sort()).toEqual(raw);
    const attributions = await ctx.data.all<{ row: number; feature: string; value: string; gap: number }>(
      `SELECT row, feature, any_value(value) AS value, 0 AS gap FROM ${(out.attributions as TableValue).table} GROUP BY row, feature ORDER BY row, feature`,
    );
    expect(attributions.filter((a) => a.row === 2).map((a) => a.feature)).toEqual(raw);
    // Row 2 of adult-test.csv: "38, Private, 89814, HS-grad, ..." (read by eye from the file).
    expect(attributions.find((a) => a.row === 2 && a.feature === 'workclass')?.value).toBe('Private');
    const sums = await ctx.data.all<{ gap: number }>(
      `SELECT max(abs(s - d)) AS gap FROM (SELECT row, sum(attribution) AS s, any_value(prediction - base) AS d FROM ${(out.attributions as TableValue).table} GROUP BY row)`,
    );
    expect(sums[0].gap).toBeLessThan(1e-3);
    const grid = await ctx.data.all<{ value: string }>(`SELECT DISTINCT value FROM ${(out.dependence as TableValue).table} WHERE feature = 'workclass'`);
    expect(grid.map((g) => g.value)).toContain('Private');
  });
});
