import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { loadAdult } from '../testing/test-data.js';
import { scoreRunner } from './run.js';

/** A model folder Train wrote before the recipe was typed: Clean + Encode/scale on adult, then linear. */
const FIXTURE = join(import.meta.dirname, '..', '..', 'engine', 'models', 'fixtures', 'adult-linear-v1');

let ctx: FakeContext;
let rawTest: TableValue;
beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'compat' });
  rawTest = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
}, 60_000);
afterAll(() => ctx.data.close());

describe('scoring with a model saved in the earlier file format', () => {
  it.each(['tfjs', 'onnx'] as const)('replays its recipe on raw adult-test rows and predicts as before (%s)', async (runtime) => {
    const model: ModelValue = { kind: 'model', dir: FIXTURE, format: 'tfjs', task: 'classification', target: 'income', summary: {} };
    const run = createFakeContext(ctx.data, { nodeId: `score_${runtime}` });
    const out = (await scoreRunner.run(run, { model, table: rawTest }, { runtime, batchSize: 8192 })).table as TableValue;
    expect(run.logs.some((l) => l.message.startsWith('replayed'))).toBe(true);
    // python3 (csv + struct over the fixture's recipe.json, preprocessing.json and weights.bin, see
    // engine/models/fixtures/score-adult-linear-v1.py): 16,281 rows, 3,142 predicted ">50K", 13,771 equal to the true label.
    const [c] = await ctx.data.all<{ rows: bigint; positive: bigint; right: bigint }>(
      `SELECT count(*) AS rows, count(*) FILTER (predicted_income = '>50K') AS positive, count(*) FILTER (predicted_income = rtrim(income, '.')) AS right FROM "${out.table}"`,
    );
    expect([Number(c.rows), Number(c.positive), Number(c.right)]).toEqual([16281, 3142, 13771]);
  });
});
