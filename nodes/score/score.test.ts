import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { readModelRecipe } from '../../engine/models/model-recipe.js';
import { encodeUnscaled } from '../../engine/models/preprocessing.js';
import { readModelInputs } from '../../engine/models/table-reader.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { loadSplit } from '../testing/test-datasets.js';
import { trainDef } from '../train/def.js';
import { trainRunner } from '../train/run.js';
import { startOrtSoon } from '../../engine/models/onnx/ort-warm-up.js';
import { loadTfSoon } from '../../engine/models/tf-backend.js';
import { scoreRunner } from './run.js';

let ctx: FakeContext;
let model: ModelValue;
let test: TableValue;
let n = 0;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'score' });
  const penguins = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
  test = penguins.test;
  const out = await trainRunner.run(
    createFakeContext(ctx.data, { nodeId: 'train' }),
    { train: penguins.train, validation: undefined },
    {
      ...defaultParams(trainDef.params),
      target: 'species',
      model: 'linear',
      epochs: 20,
      batchSize: 32,
      learningRate: 0.05,
    },
  );
  model = out.model as ModelValue;
});
afterAll(() => ctx.data.close());

const score = async (m: ModelValue, table: TableValue, runtime: 'auto' | 'tfjs' | 'onnx' = 'auto') => {
  const c = createFakeContext(ctx.data, { nodeId: `score${++n}` });
  return { ctx: c, table: (await scoreRunner.run(c, { model: m, table }, { runtime, batchSize: 8192 })).table as TableValue };
};

describe('score node', () => {
  it('adds predicted_<target> and one probability column per class, summing to 1, with progress in rows', async () => {
    const { ctx: c, table } = await score(model, test);
    expect(table.rowCount).toBe(68);
    expect(table.columns.map((col) => col.name).slice(-4)).toEqual(['predicted_species', 'probability_Adelie', 'probability_Chinstrap', 'probability_Gentoo']);
    const [s] = await ctx.data.all<{ worst: number; argmaxOk: number }>(
      `SELECT max(abs(probability_Adelie + probability_Chinstrap + probability_Gentoo - 1)) AS worst,
              count(*) FILTER (predicted_species = CASE WHEN probability_Adelie >= greatest(probability_Chinstrap, probability_Gentoo) THEN 'Adelie'
                 WHEN probability_Chinstrap >= probability_Gentoo THEN 'Chinstrap' ELSE 'Gentoo' END) AS argmaxOk FROM ${table.table}`,
    );
    expect(s.worst).toBeLessThan(1e-5);
    expect(s.argmaxOk).toBe(68);
    expect(c.progressCalls.at(-1)).toMatchObject({ fraction: 1, message: '68 rows scored', detail: { done: 68, total: 68, unit: 'rows' } });
  });

  it('scores an unseen category as all zeros (same output as a missing one) instead of failing', async () => {
    await ctx.data.run(`CREATE TABLE odd AS SELECT * REPLACE ('Atlantis' AS island) FROM (SELECT * FROM penguins_test LIMIT 5)`);
    await ctx.data.run(`INSERT INTO odd SELECT * REPLACE (NULL::VARCHAR AS island) FROM (SELECT * FROM penguins_test LIMIT 5)`);
    const { table } = await score(model, await ctx.data.describe('odd'));
    const rows = await ctx.data.all<{ island: string | null; p: number }>(`SELECT island, probability_Adelie AS p FROM ${table.table}`);
    expect(rows.map((r) => r.island)).toEqual(['Atlantis', 'Atlantis', 'Atlantis', 'Atlantis', 'Atlantis', null, null, null, null, null]);
    for (let i = 0; i < 5; i++) expect(rows[i].p).toBe(rows[i + 5].p);
  });

  it('scores with ONNX Runtime like with tfjs, also for a model handed over as format "onnx"', async () => {
    const viaTfjs = await score(model, test, 'tfjs');
    const viaOnnx = await score({ ...model, format: 'onnx' }, test);
    const [d] = await ctx.data.all<{ d: number }>(
      `SELECT max(greatest(abs(a.probability_Adelie - b.probability_Adelie), abs(a.probability_Gentoo - b.probability_Gentoo))) AS d
       FROM ${viaTfjs.table.table} a POSITIONAL JOIN (SELECT probability_Adelie, probability_Gentoo FROM ${viaOnnx.table.table}) b`,
    );
    expect(d.d).toBeLessThan(1e-4);
    expect(viaOnnx.ctx.logs.some((l) => l.message.includes('with onnx'))).toBe(true);
  });

  it('scores a bare ONNX file (no recipe.json) on numeric columns named by the model', async () => {
    const spec = (await readModelRecipe(model.dir))!.encoding;
    const { raw } = await readModelInputs(ctx.data, test.table, spec);
    const x = encodeUnscaled(spec, raw);
    const width = spec.encodedNames.length;
    const values = Array.from({ length: raw.rows }, (_, r) => `(${Array.from(x.subarray(r * width, (r + 1) * width)).join(', ')})`);
    const names = spec.encodedNames.map((_, j) => `f${j}`);
    await ctx.data.run(`CREATE TABLE encoded AS SELECT * FROM (VALUES ${values.join(', ')}) t(${names.join(', ')})`);
    const bareDir = mkdtempSync(join(tmpdir(), 'bare-onnx-'));
    copyFileSync(join(model.dir, 'model.onnx'), join(bareDir, 'model.onnx'));
    const bare: ModelValue = {
      kind: 'model',
      dir: bareDir,
      format: 'onnx',
      labels: model.labels,
      target: 'species',
      features: names.map((name) => ({ name, type: 'DOUBLE' })),
      summary: {},
    };
    const viaBare = await score(bare, await ctx.data.describe('encoded'));
    const viaTfjs = await score(model, test, 'tfjs');
    const [d] = await ctx.data.all<{ d: number; same: number }>(
      `SELECT max(abs(a.probability_Chinstrap - b.probability_Chinstrap)) AS d, count(*) FILTER (a.predicted_species = b.predicted_species) AS same
       FROM ${viaTfjs.table.table} a POSITIONAL JOIN (SELECT probability_Chinstrap, predicted_species FROM ${viaBare.table.table}) b`,
    );
    expect(d.d).toBeLessThan(1e-4);
    expect(d.same).toBe(68);
  });

  it('scores an empty table to an empty table with the prediction columns, with either runtime', async () => {
    await ctx.data.run('CREATE TABLE none AS SELECT * FROM penguins_test LIMIT 0');
    for (const runtime of ['tfjs', 'onnx'] as const) {
      const { table } = await score(model, await ctx.data.describe('none'), runtime);
      expect(table.rowCount).toBe(0);
      expect(table.columns.map((c) => c.name)).toContain('probability_Gentoo');
    }
  });

  it('names the columns a table lacks', async () => {
    await ctx.data.run('CREATE TABLE partial AS SELECT island, sex FROM penguins_test');
    await expect(score(model, await ctx.data.describe('partial'))).rejects.toThrow(
      /lacks columns "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"/,
    );
  });
});

describe("Score's warm-up", () => {
  it('starts the runtime it will use: ONNX Runtime unless TensorFlow.js is asked for', () => {
    expect(scoreRunner.warmUp?.({ runtime: 'auto', batchSize: 8192 })).toEqual([startOrtSoon]);
    expect(scoreRunner.warmUp?.({ runtime: 'onnx', batchSize: 8192 })).toEqual([startOrtSoon]);
    expect(scoreRunner.warmUp?.({ runtime: 'tfjs', batchSize: 8192 })).toEqual([loadTfSoon]);
  });
});
