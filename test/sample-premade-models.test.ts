/**
 * The two premade models the samples ship are this project's own (pipelines-samples/data/premade):
 * fitted by build-premade.py with scikit-learn, written as ONNX by build-premade.ts. Here the committed
 * files are what the script writes from the committed weights, their signatures (read by an
 * independent protobuf walk in python) match the models in ../shared/data/premade, and ONNX Runtime
 * reproduces scikit-learn's own predict_proba within 1e-5.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  ADULT_FILE,
  ADULT_INPUTS,
  adultModel,
  PENGUINS_FILE,
  penguinsModel,
  PREMADE_DIR,
  readWeights,
} from '../pipelines-samples/data/premade/build-premade.js';
import { ROOT } from './testing/cli-harness.js';

const weights = readWeights();
const signature = (path: string) =>
  JSON.parse(execFileSync('python3', ['nodes/premade-model/onnx-signature-reference.py', path], { cwd: ROOT, encoding: 'utf8' })) as Record<string, unknown>;
const ioOf = (path: string) => {
  const { inputs, outputs, metadata, opsets } = signature(path);
  return { inputs, outputs, metadata, opsets };
};
const open = (file: string) => ort.InferenceSession.create(join(PREMADE_DIR, file), { intraOpNumThreads: 1 });
const column = (rows: number[][], j: number) => new ort.Tensor('float32', Float32Array.from(rows.map((r) => r[j])), [rows.length, 1]);

function expectClose(got: ArrayLike<number>, want: number[][]) {
  const flat = want.flat();
  expect(got.length).toBe(flat.length);
  const worst = Math.max(...flat.map((w, i) => Math.abs(got[i] - w)));
  expect(worst).toBeLessThan(1e-5);
}

describe('the premade models the samples ship', () => {
  it('are exactly what build-premade.ts writes from premade-weights.json', () => {
    expect(Buffer.from(penguinsModel(weights.penguins)).equals(readFileSync(join(PREMADE_DIR, PENGUINS_FILE)))).toBe(true);
    expect(Buffer.from(adultModel(weights.adult)).equals(readFileSync(join(PREMADE_DIR, ADULT_FILE)))).toBe(true);
  });

  it('have the signatures of the models in ../shared/data/premade', () => {
    const shared = join(ROOT, '..', 'shared', 'data', 'premade');
    expect(ioOf(join(PREMADE_DIR, PENGUINS_FILE))).toEqual(ioOf(join(shared, 'penguins_classifier.onnx')));
    expect(ioOf(join(PREMADE_DIR, ADULT_FILE))).toEqual(ioOf(join(shared, 'adult_income_two_heads.onnx')));
  });

  it('penguins: ONNX Runtime gives scikit-learn probabilities (and logits whose softmax they are)', async () => {
    const ref = weights.penguins.reference;
    const session = await open(PENGUINS_FILE);
    const x = new ort.Tensor('float32', Float32Array.from(ref.inputs.flat()), [ref.inputs.length, 4]);
    const out = await session.run({ features: x });
    expectClose(out.probabilities.data as Float32Array, ref.probabilities);
    const logits = out.logits.data as Float32Array;
    const softmax = ref.inputs.map((_, i) => {
      const row = [0, 1, 2].map((j) => Math.exp(logits[i * 3 + j]));
      return row.map((v) => v / row.reduce((a, b) => a + b, 0));
    });
    expectClose(out.probabilities.data as Float32Array, softmax);
    await session.release();
  });

  it('adult: ONNX Runtime gives scikit-learn probabilities and a 16-wide non-negative embedding', async () => {
    const ref = weights.adult.reference;
    const session = await open(ADULT_FILE);
    const feeds = Object.fromEntries(ADULT_INPUTS.map((name, j) => [name, column(ref.inputs, j)]));
    const out = await session.run(feeds);
    expectClose(out.probability_over_50k.data as Float32Array, ref.probabilities);
    expect(out.embedding.dims).toEqual([ref.inputs.length, 16]);
    expect(Math.min(...(out.embedding.data as Float32Array))).toBeGreaterThanOrEqual(0);
    await session.release();
  });
});
