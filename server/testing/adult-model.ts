/** An adult-income model trained by the real Encode/scale and Train nodes, for server tests that need adult rows. */
import type { DataPlane } from '../../engine/data/data-plane.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { encodeScaleDef } from '../../nodes/encode-scale/def.js';
import { encodeScaleRunner } from '../../nodes/encode-scale/run.js';
import { loadAdult } from '../../nodes/testing/test-datasets.js';
import { trainOn } from '../../nodes/testing/train-test-kit.js';

export type AdultRow = Record<string, string | number | null>;

/** The model, the raw adult-test table (with income) and its first `n` rows without income, as a caller sends them. */
export async function trainAdult(data: DataPlane, n: number): Promise<{ model: ModelValue; test: TableValue; rows: AdultRow[] }> {
  const rawTrain = await loadAdult(data, 'adult_train', 'adult-train.csv');
  const test = await loadAdult(data, 'adult_test', 'adult-test.csv');
  const encodeParams = { ...defaultParams(encodeScaleDef.params), target: 'income', maxCategories: 100 };
  const encoded = (await encodeScaleRunner.run(createFakeContext(data, { nodeId: 'adult-encode' }), { input: rawTrain }, encodeParams)).output as TableValue;
  const { model } = await trainOn(data, encoded, { target: 'income', model: 'linear', epochs: 1, batchSize: 256 });
  const rows = await data.all<AdultRow>(`SELECT * EXCLUDE (income) FROM ${test.table} ORDER BY rowid LIMIT ${n}`);
  return { model, test, rows: rows.map((r) => ({ ...r })) };
}
