/**
 * Same table, same learned values, in every run (fitPreprocessing, Clean, Encode and scale): a table of several row groups is summed on one thread,
 * so its means and deviations (the model's scaling) do not depend on how DuckDB shared the rows
 * between threads. The reference is DuckDB on one thread in a database of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../engine/data/data-plane.js';
import { defaultParams } from '../engine/node-def.js';
import { createFakeContext } from '../engine/testing/fake-context.js';
import type { TableValue } from '../engine/values.js';
import { stepAs } from '../engine/models/recipe-steps.js';
import { fitPreprocessing } from '../engine/models/fit-preprocessing.js';
import { cleanDef } from '../nodes/clean/def.js';
import { cleanRunner } from '../nodes/clean/run.js';
import { encodeScaleDef } from '../nodes/encode-scale/def.js';
import { encodeScaleRunner } from '../nodes/encode-scale/run.js';

// 500,000 rows (four row groups) of large values with small parts: the last digits of their sum depend on its order.
const ROWS = `SELECT (hash(i) % 1000000)::DOUBLE * 1e9 + (i % 7) * 0.1 AS x, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS y FROM range(500000) t(i)`;
let data: DataPlane;
let reference: { mean: number; std: number };
/** Mean and deviation of x itself (no missing values to impute), as Clean and Encode and scale learn them. */
let plain: { mean: number; std: number };

beforeAll(async () => {
  data = await openDataPlane(':memory:');
  await data.run(`CREATE TABLE big AS ${ROWS}`);
  const single = await openDataPlane(':memory:');
  try {
    await single.run('SET threads = 1');
    await single.run(`CREATE TABLE big AS ${ROWS}`);
    const [m] = await single.all<{ med: number }>('SELECT median(x) AS med FROM big WHERE y IS NOT NULL');
    const imputed = `coalesce(x, ${m.med}::DOUBLE)`;
    const [s] = await single.all<{ mean: number; std: number }>(`SELECT avg(${imputed}) AS mean, stddev_pop(${imputed}) AS std FROM big WHERE y IS NOT NULL`);
    reference = s;
    [plain] = await single.all<{ mean: number; std: number }>(`SELECT avg(x) AS mean, stddev_pop(CAST(x AS DOUBLE)) AS std FROM big`);
  } finally {
    single.close();
  }
});
afterAll(() => data.close());

describe('fitPreprocessing on a table of several row groups', () => {
  it('scales by the one-thread sums in every run, to the last digit', async () => {
    const columns = await data.columns('big');
    for (let run = 0; run < 5; run++) {
      const spec = await fitPreprocessing(data, 'big', [columns[0]], columns[1], 'classification');
      expect([spec.scaleMean[0], spec.scaleStd[0]]).toEqual([reference.mean, reference.std]);
    }
    // The database's own setting is back once the sums are done.
    const [{ t }] = await data.all<{ t: unknown }>(`SELECT current_setting('threads') AS t`);
    expect(Number(t)).toBeGreaterThan(1);
  });

  it('fills with the one-thread mean (Clean) and scales by the one-thread mean and deviation (Encode and scale), in every run', async () => {
    const input: TableValue = await data.describe('big');
    for (let run = 0; run < 3; run++) {
      const ctx = createFakeContext(data, { nodeId: `clean_${run}` });
      const step = { ...defaultParams(cleanDef.params.steps.fields), op: 'missing', missingAction: 'mean', columns: ['x'] };
      const cleaned = (await cleanRunner.run(ctx, { input }, { steps: [step] })).output as TableValue;
      expect(stepAs(cleaned.fitted?.[0], 'impute').value).toBe(plain.mean);
      const encoded = (
        await encodeScaleRunner.run(createFakeContext(data, { nodeId: `enc_${run}` }), { input }, { ...defaultParams(encodeScaleDef.params), target: 'y' })
      ).output as TableValue;
      expect(
        stepAs(
          encoded.fitted?.find((f) => f.op === 'standard-scale'),
          'standard-scale',
        ),
      ).toMatchObject({ mean: plain.mean, std: plain.std });
    }
  });
});
