/**
 * Explain on a Registered model version: the registry's copy of engine/models/fixtures/adult-linear-v1
 * (a linear model trained after Clean + Encode/scale, in the layout older than packages), explained on
 * raw adult-test rows. The columns are raw adult columns, and the figures equal those Explain gives
 * on the fixture folder itself (same model, same seed: the registry changes nothing it scores).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModel } from '../../engine/models/registry.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { registeredModelDef } from '../registered-model/def.js';
import { registeredModelRunner } from '../registered-model/run.js';
import { ADULT_COLUMNS, loadAdult } from '../testing/test-datasets.js';
import { explainDef } from './def.js';
import { explainRunner } from './run.js';

const FIXTURE = join(process.cwd(), 'engine', 'models', 'fixtures', 'adult-linear-v1');
let ctx: FakeContext;
let test: TableValue;

const explain = async (model: ModelValue, id: string) => {
  const out = await explainRunner.run(
    createFakeContext(ctx.data, { nodeId: id }),
    { model, table: test },
    { ...defaultParams(explainDef.params), maxRows: 800, repeats: 2, rows: [1, 2], dependenceColumns: ['age'] },
  );
  const importance = await ctx.data.all<{ feature: string; importance: number; std: number }>(
    `SELECT feature, importance, std FROM ${(out.importance as TableValue).table} ORDER BY feature`,
  );
  const sums = await ctx.data.all<{ row: number; gap: number }>(
    `SELECT row, abs(sum(attribution) - any_value(prediction - base)) AS gap FROM ${(out.attributions as TableValue).table} GROUP BY row ORDER BY row`,
  );
  return { importance, sums };
};

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'explain_registered' });
  test = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
}, 120_000);
afterAll(() => ctx.data.close());

describe('Explain on a Registered model', () => {
  it('explains the registered version on raw columns exactly as it explains the folder it came from', async () => {
    const root = join(ctx.workspaceDir, 'models');
    await registerModel(root, { name: 'adult-income', modelDir: FIXTURE, lineage: { inputs: [], libraries: {}, missing: ['runId', 'pipelineHash'] } });
    const registered = await registeredModelRunner.run(
      createFakeContext(ctx.data, { nodeId: 'registered', workspaceDir: ctx.workspaceDir }),
      {},
      { ...defaultParams(registeredModelDef.params), name: 'adult-income', stage: 'latest' },
    );
    const model = registered.model as ModelValue;
    expect(model.package?.version).toBe(1);
    const fromRegistry = await explain(model, 'explain_registry');
    const raw = new Set(ADULT_COLUMNS.filter((c) => c !== 'income'));
    expect(fromRegistry.importance.length).toBeGreaterThan(3);
    for (const r of fromRegistry.importance) expect(raw.has(r.feature), r.feature).toBe(true);
    for (const s of fromRegistry.sums) expect(s.gap, `row ${s.row}`).toBeLessThan(1e-3);
    const fromFolder = await explain({ ...model, dir: FIXTURE, package: undefined }, 'explain_folder');
    expect(fromFolder.importance).toEqual(fromRegistry.importance);
  });
});
