import { chmodSync, cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { readModelPackage } from '../../engine/models/package/read-package.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, TableValue } from '../../engine/values.js';
import { scoreRunner } from '../score/run.js';
import { loadSplit } from '../testing/test-datasets.js';
import { trainDef } from './def.js';
import { trainRunner } from './run.js';

let ctx: FakeContext;
let penguins: { train: TableValue; test: TableValue };
beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'pkg' });
  penguins = await loadSplit(ctx.data, 'penguins', 'penguins.csv');
});
afterAll(() => ctx.data.close());

const params = { ...defaultParams(trainDef.params), target: 'species', epochs: 4, batchSize: 16, learningRate: 0.01, seed: 11 };
/** The same node (same id) in two runs: each run has a fresh artifact folder. */
const trainAsNode = async (nodeId = 'train') =>
  (await trainRunner.run(createFakeContext(ctx.data, { nodeId }), { train: penguins.train }, params)).model as ModelValue;

describe("Train's model output is a model package", () => {
  it('the same training run twice gives the same bytes and the same package hash', async () => {
    const a = await trainAsNode();
    const b = await trainAsNode();
    const pa = await readModelPackage(a.dir);
    const pb = await readModelPackage(b.dir);
    const files = readdirSync(a.dir).sort();
    expect(files).toEqual(readdirSync(b.dir).sort());
    for (const f of files) expect(readFileSync(join(a.dir, f), 'utf8'), f).toBe(readFileSync(join(b.dir, f), 'utf8'));
    expect(pa.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(pb.hash).toBe(pa.hash);
    expect(a.package).toEqual({ name: 'train', version: 0, hash: pa.hash });
    // Every file, byte for byte; the build folder is gone.
    expect(files.some((f) => f.startsWith('.build'))).toBe(false);
    expect(pa.manifest.files.map((f) => f.path)).toEqual(['model.onnx', 'lineage.json', 'model.json', 'recipe.json', 'training.json', 'weights.bin']);
    expect(pa.manifest.version).toBe(0);
    expect(pa.lineage.runId).toBeUndefined();
    expect(pa.lineage.seed).toBe(11);
    const training = JSON.parse(readFileSync(join(a.dir, 'training.json'), 'utf8')) as Record<string, unknown>;
    expect(training.trainedAt).toBeUndefined();
    // Another seed: another package.
    const c = await trainRunner.run(createFakeContext(ctx.data, { nodeId: 'train' }), { train: penguins.train }, { ...params, seed: 12 });
    expect((c.model as ModelValue).package?.hash).not.toBe(pa.hash);
  });

  it('Score verifies the package: it scores the intact one and refuses one whose weights changed, naming the file', async () => {
    const model = await trainAsNode('train2');
    const score = (m: ModelValue, runtime: 'tfjs' | 'onnx') =>
      scoreRunner.run(createFakeContext(ctx.data, { nodeId: `score_${runtime}` }), { model: m, table: penguins.test }, { runtime, batchSize: 8192 });
    const out = (await score(model, 'onnx')).table as TableValue;
    // pandas: penguins.csv rows with index % 5 == 4 -> 68 test rows.
    expect(out.rowCount).toBe(68);
    const copy = mkdtempSync(join(tmpdir(), 'ls-tampered-'));
    cpSync(model.dir, copy, { recursive: true });
    const weights = join(copy, 'weights.bin');
    chmodSync(weights, 0o644);
    const bytes = readFileSync(weights);
    bytes[0] ^= 0xff;
    writeFileSync(weights, bytes);
    await expect(score({ ...model, dir: copy }, 'tfjs')).rejects.toThrow(/package file weights\.bin .* does not match its sha256/);
  });
});
