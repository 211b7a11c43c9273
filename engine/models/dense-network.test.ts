import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denseLogits, initialLayers } from './dense-network.js';
import { writeLayersModel } from './layers-json.js';
import { buildNetwork, type NetworkSpec } from './network.js';
import { predictRows } from './predict.js';
import type { FittedEncoding } from './preprocessing.js';
import { getTf } from './tf-backend.js';
import { loadLayersModel, MODEL_JSON, saveLayersModel, WEIGHTS_BIN } from './tf-io.js';
import { denseNetwork } from './trained-network.js';

const SPECS: NetworkSpec[] = [
  { kind: 'linear', hidden: [], activation: 'relu', inputSize: 104, outputSize: 2, task: 'classification', seed: 42 },
  { kind: 'mlp', hidden: [16, 8], activation: 'relu', inputSize: 12, outputSize: 3, task: 'classification', seed: 7 },
  { kind: 'mlp', hidden: [5], activation: 'relu', inputSize: 4, outputSize: 1, task: 'regression', seed: 1 },
  { kind: 'linear', hidden: [], activation: 'tanh', inputSize: 9, outputSize: 1, task: 'regression', seed: 123456 },
];

const name = (s: NetworkSpec) => `${s.kind} ${s.hidden.join('-')} ${s.task}, seed ${s.seed}`;

/** A spec's encoding as far as prediction reads it. */
const encodingOf = (s: NetworkSpec) =>
  ({
    encodedNames: Array.from({ length: s.inputSize }, (_, i) => `x${i}`),
    target: s.task === 'classification' ? { task: s.task, labels: Array.from({ length: s.outputSize }, (_, i) => `c${i}`) } : { task: s.task, mean: 3, std: 2 },
  }) as unknown as FittedEncoding;

/** Rows of mixed values, a third of them zero as one-hot columns are. */
function rowsFor(width: number, rows: number): Float32Array {
  return Float32Array.from({ length: rows * width }, (_, i) => (i % 3 === 0 ? 0 : Math.sin(i * 1.7) * 2));
}

describe('plain dense layers against the tfjs model of the same spec', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ls-dense-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const spec of SPECS) {
    it(`starts from tfjs's seeded weights and saves the same bytes: ${name(spec)}`, async () => {
      const { tf } = await getTf();
      const model = buildNetwork(tf, spec);
      const layers = initialLayers(spec);
      expect(layers.flatMap((l) => [...l.kernel, ...l.bias])).toEqual(model.getWeights().flatMap((w) => [...w.dataSync()]));
      const viaTfjs = await mkdtemp(join(dir, 'tfjs-'));
      const plain = await mkdtemp(join(dir, 'plain-'));
      await saveLayersModel(model, viaTfjs);
      await writeLayersModel(plain, spec, layers);
      for (const file of [MODEL_JSON, WEIGHTS_BIN]) expect(await readFile(join(plain, file))).toEqual(await readFile(join(viaTfjs, file)));
      model.dispose();
    });

    it(`predicts as tfjs does on the files it saved: ${name(spec)}`, async () => {
      // Trained-looking weights: the starting ones moved, so biases are not all zero.
      const layers = initialLayers(spec).map((l) => ({
        ...l,
        kernel: l.kernel.map((v, i) => v * 3 + (i % 5) * 0.01),
        bias: l.bias.map((_, i) => 0.1 * i - 0.05),
      }));
      const folder = await mkdtemp(join(dir, 'predict-'));
      const network = denseNetwork(spec, layers);
      await network.save(folder);
      const loaded = await loadLayersModel(folder);
      const x = rowsFor(spec.inputSize, 50);
      const ours = await network.predict(encodingOf(spec), x, 50);
      const theirs = await predictRows(loaded, encodingOf(spec), x, 50);
      loaded.dispose();
      expect(ours.width).toBe(theirs.width);
      const maxDiff = ours.outputs.reduce((m, v, i) => Math.max(m, Math.abs(v - theirs.outputs[i])), 0);
      expect(maxDiff).toBeLessThan(1e-5);
      expect(network.countParams()).toBe(layers.reduce((n, l) => n + l.inputs * l.units + l.units, 0));
    });
  }

  it('skips zero inputs without changing the sums: a hand computation', () => {
    // One layer, 3 inputs -> 2 units, relu: row (1, 0, 2) gives relu(1*1 + 2*5 + 0.5, 1*-2 + 2*-6 + 0.5) = (11.5, 0).
    const layer = { name: 'l', activation: 'relu', inputs: 3, units: 2, kernel: Float32Array.of(1, -2, 3, -4, 5, -6), bias: Float32Array.of(0.5, 0.5) };
    expect([...denseLogits([layer], Float32Array.of(1, 0, 2), 1)]).toEqual([11.5, 0]);
  });
});
