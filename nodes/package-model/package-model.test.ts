import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelRecipe } from '../../engine/models/model-recipe.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, ReportValue, TableValue } from '../../engine/values.js';
import { encodeScaleDef } from '../encode-scale/def.js';
import { encodeScaleRunner } from '../encode-scale/run.js';
import { scoreRunner } from '../score/run.js';
import { loadSplit } from '../testing/test-datasets.js';
import { trainDef } from '../train/def.js';
import { trainRunner } from '../train/run.js';
import { packageModelDef } from './def.js';
import { packageModelRunner } from './run.js';

/** A model folder in the version-1 layout (recipe.json + preprocessing.json): adult, Clean + Encode/scale, linear. */
const FIXTURE_V1 = join(import.meta.dirname, '..', '..', 'engine', 'models', 'fixtures', 'adult-linear-v1');
/** A gate report that passed, with no card files: the package then holds the model's own files only. */
/** What a package holds besides the model's own files (see engine/models/README.md). */
const PACKAGE_EXTRAS = ['manifest.json', 'lineage.json', 'metrics.json'];
const PASSED: ReportValue = { kind: 'report', title: 'gate', files: [], gate: { passed: true, rules: [] } };

let ctx: FakeContext;
let rawTest: TableValue;
let model: ModelValue;
let n = 0;
const c = (id: string) => createFakeContext(ctx.data, { nodeId: `${id}${++n}` });

/** Packages `m` into a fresh folder and returns the folder. */
async function pack(m: ModelValue): Promise<string> {
  const run = c('package');
  await packageModelRunner.run(run, { model: m, report: PASSED, metrics: undefined }, { folder: join(run.artifactDir, 'models'), name: 'penguins' });
  return join(run.artifactDir, 'models', 'penguins', '1');
}

async function predictions(m: ModelValue, runtime: 'tfjs' | 'onnx') {
  const out = (await scoreRunner.run(c('score'), { model: m, table: rawTest }, { runtime, batchSize: 8192 })).table as TableValue;
  return ctx.data.all(`SELECT predicted_species, probability_Adelie, probability_Chinstrap, probability_Gentoo FROM "${out.table}" ORDER BY rowid`);
}

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'package' });
  const penguins = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
  rawTest = penguins.test;
  const encoded = (
    await encodeScaleRunner.run(c('encode'), { input: penguins.train, fitted: undefined }, { ...defaultParams(encodeScaleDef.params), target: 'species' })
  ).output as TableValue;
  const params = { ...defaultParams(trainDef.params), target: 'species', model: 'linear' as const, epochs: 10, batchSize: 32, learningRate: 0.05 };
  model = (await trainRunner.run(c('train'), { train: encoded, validation: undefined }, params)).model as ModelValue;
}, 120_000);
afterAll(() => ctx.data.close());

describe('package-model registers the model with its recipe', () => {
  it('the packaged folder holds recipe.json, and the one reader gives the same recipe from it', async () => {
    const folder = await pack(model);
    expect(readdirSync(folder).sort()).toEqual(
      [...PACKAGE_EXTRAS, 'model.json', 'model.onnx', 'recipe.json', 'reference-stats.json', 'training.json', 'weights.bin'].sort(),
    );
    const packaged = await readModelRecipe(folder);
    // Encode/scale on penguins: island and sex one-hot, the 4 measurements (and year) scaled.
    expect(packaged?.steps.length).toBeGreaterThan(0);
    expect(packaged).toEqual(await readModelRecipe(model.dir));
  });

  it.each(['tfjs', 'onnx'] as const)('a packaged model replays its preparation on raw rows by itself and predicts as the original (%s)', async (runtime) => {
    const folder = await pack(model);
    // Only the folder: no `fitted` steps carried on the model value, so the recipe must come from the package.
    const { fitted: _fitted, ...rest } = model;
    const packaged: ModelValue = { ...rest, dir: folder };
    const viaPackage = await predictions(packaged, runtime);
    expect(viaPackage.length).toBe(68);
    expect(viaPackage).toEqual(await predictions(model, runtime));
  });

  it('a model folder in the version-1 layout is packaged with its recipe rewritten as version 2 and reads back the same', async () => {
    const folder = await pack({ kind: 'model', dir: FIXTURE_V1, format: 'tfjs', summary: {} });
    // The fixture's training table is not in this database: no reference statistics.
    expect(readdirSync(folder).sort()).toEqual([...PACKAGE_EXTRAS, 'model.json', 'model.onnx', 'recipe.json', 'training.json', 'weights.bin'].sort());
    expect(await readModelRecipe(folder)).toEqual(await readModelRecipe(FIXTURE_V1));
  });
});

describe('package-model params from version 1', () => {
  it('keep their folder, now the registry, and get the model name "model"', () => {
    expect(packageModelDef.migrateParams(1, { folder: 'packaged' })).toEqual({ folder: 'packaged', name: 'model' });
    expect(packageModelDef.migrateParams(1, { folder: 'packaged', name: 'penguins' })).toEqual({ folder: 'packaged', name: 'penguins' });
  });
});
