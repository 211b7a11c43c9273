/**
 * Element types the shared models do not use, on tiny graphs the tests write with protobufjs:
 * a string input (LabelEncoder), an int64 input (Cast), and int64 + bool + float64 together.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { loadCsv, rowsOf } from '../testing/test-data.js';
import { writeInt64Model, writeMixedModel, writeStringModel } from '../testing/tiny-onnx.js';
import { premadeModelDef } from './def.js';
import { premadeModelRunner } from './run.js';

let ctx: FakeContext;
let dir: string;
let n = 0;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'types' });
  dir = mkdtempSync(join(tmpdir(), 'ls-tiny-onnx-'));
});
afterAll(() => ctx.data.close());

const run = async (table: TableValue, params: Record<string, unknown>) => {
  const c = createFakeContext(ctx.data, { nodeId: `types${++n}` });
  const out = await premadeModelRunner.run(c, { table }, { ...defaultParams(premadeModelDef.params), ...params });
  return { ctx: c, table: out.table as TableValue, unscored: out.unscored as TableValue };
};

const table = async (name: string, sql: string) => {
  await ctx.data.run(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
  return ctx.data.describe(name);
};

describe('premade model element types', () => {
  it('feeds a text column to a string input; rows with a missing sex are left unscored with the reason', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const { table: scored, unscored, ctx: c } = await run(penguins, { model: writeStringModel(dir) });
    // Counted independently: awk -F, 'NR>1 && $7==""' penguins.csv | wc -l gives 11; MALE 168, FEMALE 165.
    expect(scored.rowCount).toBe(333);
    expect(unscored.rowCount).toBe(11);
    const [counts] = await ctx.data.all<{ male: number; female: number; other: number }>(
      `SELECT count(*) FILTER (predicted_prediction = 1) AS male, count(*) FILTER (predicted_prediction = 2) AS female, count(*) FILTER (predicted_prediction NOT IN (1, 2)) AS other FROM ${scored.table}`,
    );
    expect(counts).toEqual({ male: 168, female: 165, other: 0 });
    const reasons = await ctx.data.all<{ r: string }>(`SELECT DISTINCT unscored_reason AS r FROM ${unscored.table}`);
    expect(reasons).toEqual([{ r: 'missing sex' }]);
    expect(c.logs.find((l) => l.level === 'warn')?.message).toBe(
      '11 rows left unscored (a mapped column is missing): sex (11); they are in the "Unscored rows" output with the reason',
    );
  });

  it('feeds whole numbers to an int64 input, and refuses a fraction naming the column and row', async () => {
    const model = writeInt64Model(dir);
    const counts = await table('counts', `SELECT * FROM (VALUES (3), (9007199254740), (-4)) v(count)`);
    const { table: scored } = await run(counts, { model });
    expect((await rowsOf(ctx.data, scored.table)).map((r) => r.predicted_prediction)).toEqual([3, Math.fround(9007199254740), -4]);
    const fractions = await table('fractions', `SELECT * FROM (VALUES (1.0), (2.5)) v(count)`);
    await expect(run(fractions, { model })).rejects.toThrow('column count holds 2.5 at row 2, and input count takes whole numbers; round the column first');
  });

  it('feeds int64, bool and float64 inputs together by name', async () => {
    const mixed = await table('mixed', `SELECT * FROM (VALUES (1, true, 0.25), (10, false, 0.5)) v("N", flag, "x")`);
    const { table: scored } = await run(mixed, { model: writeMixedModel(dir), target: '' });
    expect((await rowsOf(ctx.data, scored.table)).map((r) => r.predicted_prediction)).toEqual([2.25, 10.5]);
  });

  it('fills a missing value by the chosen rule instead of leaving the row out', async () => {
    const gaps = await table('gaps', `SELECT * FROM (VALUES (1, true, 0.25), (NULL, false, 0.5), (5, true, 'NaN'::DOUBLE)) v(n, flag, x)`);
    const { table: scored, unscored, ctx: c } = await run(gaps, { model: writeMixedModel(dir), missing: 'median' });
    // median(n) over 1, 5 = 3; median(x) over 0.25, 0.5 = 0.375
    expect((await rowsOf(ctx.data, scored.table)).map((r) => r.predicted_prediction)).toEqual([2.25, 3.5, 6.375]);
    expect(unscored.rowCount).toBe(0);
    expect(c.logs.map((l) => l.message)[0]).toBe('2 rows had a missing value, filled by the median rule: n (1 with 3), x (1 with 0.375)');
  });
});
