/**
 * The model package from a model trained on real data (penguins): the same parts give the same
 * bytes and hash, a changed or missing file is refused by name, and the reference statistics match
 * an independent count (python3's csv module on the same rows of penguins.csv).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineageOf } from '../../engine/models/package/lineage.js';
import { packageHash, readModelPackage, referenceStatistics, writeModelPackage, type PackageParts } from '../../engine/models/package/index.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { trainDef } from '../train/def.js';
import { trainRunner } from '../train/run.js';
import { loadSplit, SHARED_DATA } from '../testing/test-datasets.js';

let ctx: FakeContext;
let model: ModelValue;
let train: TableValue;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'model-package' });
  train = (await loadSplit(ctx.data, 'penguins', 'penguins.csv')).train;
  const params = { ...defaultParams(trainDef.params), target: 'species', model: 'linear' as const, epochs: 5, batchSize: 32, learningRate: 0.05 };
  model = (await trainRunner.run(createFakeContext(ctx.data, { nodeId: 'train' }), { train, validation: undefined }, params)).model as ModelValue;
}, 120_000);
afterAll(() => ctx.data.close());

async function parts(): Promise<PackageParts> {
  return {
    name: 'penguins',
    version: 1,
    modelDir: model.dir,
    lineage: await lineageOf(model.dir, { runId: 'run-1', nodeId: 'pack' }),
    metrics: { accuracy: 0.9 },
    referenceStats: await referenceStatistics(ctx.data, train.table),
  };
}

describe('model package', () => {
  it('writing the same parts twice gives the same bytes and the same package hash', async () => {
    const [a, b] = [join(ctx.artifactDir, 'a'), join(ctx.artifactDir, 'b')];
    const first = await writeModelPackage(a, await parts());
    const second = await writeModelPackage(b, await parts());
    expect(second.hash).toBe(first.hash);
    expect(await packageHash(a)).toBe(first.hash);
    expect(readdirSync(b).sort()).toEqual(readdirSync(a).sort());
    for (const f of readdirSync(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    // ONNX first; every file but the manifest listed with its sha256.
    expect(first.manifest.files[0].path).toBe('model.onnx');
    expect(first.manifest.files.map((f) => f.path).sort()).toEqual(
      readdirSync(a)
        .filter((f) => f !== 'manifest.json')
        .sort(),
    );
    // A different creation time is not a different package.
    const c = join(ctx.artifactDir, 'c');
    expect((await writeModelPackage(c, { ...(await parts()), created: '2026-12-01T00:00:00.000Z' })).hash).toBe(first.hash);
    const pkg = await readModelPackage(a);
    expect(pkg.manifest.task).toBe('classification');
    expect(pkg.manifest.labels).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(Object.keys(pkg.manifest.inputSchema.properties as object)).toEqual([
      'bill_depth_mm',
      'bill_length_mm',
      'body_mass_g',
      'flipper_length_mm',
      'island',
      'sex',
    ]);
    expect(pkg.lineage.inputs[0]).toMatchObject({ role: 'train', rows: 276 });
    expect(pkg.lineage.missing).toEqual(['pipelineHash']);
    expect(pkg.metrics?.metrics.accuracy).toBe(0.9);
  });

  it('a changed file is refused naming it, and so is a missing one', async () => {
    const dir = join(ctx.artifactDir, 'tamper');
    await writeModelPackage(dir, await parts());
    const weights = join(dir, 'weights.bin');
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] ^= 1;
    chmodSync(weights, 0o644);
    writeFileSync(weights, bytes);
    await expect(readModelPackage(dir)).rejects.toThrow(/package file weights\.bin .* does not match its sha256/);
    unlinkSync(join(dir, 'recipe.json'));
    rmSync(weights);
    await expect(readModelPackage(dir)).rejects.toThrow(/package file (recipe\.json|weights\.bin) is missing/);
  });

  it('the reference statistics match an independent count of the training rows', async () => {
    const stats = await referenceStatistics(ctx.data, train.table);
    // python3, csv module: the rows loadSplit keeps for training (1-based row number not a multiple of 5).
    const script = `
import csv, json, math, sys
rows = [r for i, r in enumerate(csv.DictReader(open(sys.argv[1])), 1) if i % 5 != 0]
out = {'rows': len(rows)}
for col in ['bill_length_mm', 'body_mass_g']:
    xs = [float(r[col]) for r in rows if r[col] not in ('', 'NA')]
    lo, hi = min(xs), max(xs); w = (hi - lo) / 10
    counts = [0] * 10
    for x in xs: counts[min(int(math.floor((x - lo) / w)), 9)] += 1
    out[col] = {'missing': len(rows) - len(xs), 'min': lo, 'max': hi, 'counts': counts}
for col in ['island', 'sex']:
    freq = {}
    for r in rows:
        if r[col] not in ('', 'NA'): freq[r[col]] = freq.get(r[col], 0) + 1
    out[col] = {'missing': len(rows) - sum(freq.values()), 'freq': freq}
print(json.dumps(out))`;
    const expected = JSON.parse(execFileSync('python3', ['-c', script, join(SHARED_DATA, 'penguins.csv')], { encoding: 'utf8' }));
    expect(stats.rows).toBe(expected.rows);
    for (const col of ['bill_length_mm', 'body_mass_g']) {
      const got = stats.columns.find((c) => c.name === col);
      expect(got?.kind).toBe('numeric');
      if (got?.kind !== 'numeric') continue;
      expect({ missing: got.missing, min: got.min, max: got.max, counts: got.counts }).toEqual(expected[col]);
      expect(got.missingShare).toBeCloseTo(expected[col].missing / expected.rows, 12);
    }
    for (const col of ['island', 'sex']) {
      const got = stats.columns.find((c) => c.name === col);
      if (got?.kind !== 'categorical') throw new Error(`${col} is not categorical`);
      expect(got.missing).toBe(expected[col].missing);
      expect(Object.fromEntries(got.categories.map((c) => [c.value, c.count]))).toEqual(expected[col].freq);
    }
  });

  it('counts NaN and NULL as missing and puts the maximum in the last bin (hand count)', async () => {
    await ctx.data.run(
      `CREATE OR REPLACE TABLE ref_hand AS SELECT * FROM (VALUES (1.0, 'a'), (2.0, 'a'), ('nan'::DOUBLE, NULL), (NULL, 'b'), (3.0, 'b'), (3.0, 'a')) t(x, c)`,
    );
    const [x, c] = (await referenceStatistics(ctx.data, 'ref_hand')).columns;
    // x: 1, 2, 3, 3 present over [1, 3] in bins of 0.2: 1 -> bin 0, 2 -> bin 5, 3 -> last bin; NaN and NULL missing.
    expect(x).toMatchObject({ kind: 'numeric', rows: 6, missing: 2, min: 1, max: 3, counts: [1, 0, 0, 0, 0, 1, 0, 0, 0, 2] });
    expect(c).toMatchObject({
      kind: 'categorical',
      missing: 1,
      categories: [
        { value: 'a', count: 3 },
        { value: 'b', count: 2 },
      ],
      otherCount: 0,
    });
  });
});
