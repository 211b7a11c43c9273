import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initialLayers } from './dense-network.js';
import { loadWeights, wasmLayout } from './fit-dense.js';
import { fitModel, seededRandom, type OptimizerName } from './fit.js';
import { MLP_STEP_WASM_BASE64 } from './native/mlp-step-wasm.js';
import { buildNetwork } from './network.js';
import { getTf } from './tf-backend.js';
import { createWasmStep } from './wasm-step.js';

const native = (file: string) => readFileSync(new URL(`./native/${file}`, import.meta.url));

describe('the committed wasm kernel', () => {
  it('was built from the committed sources (run engine/models/native/build.sh after editing them)', () => {
    const stamp = JSON.parse(native('mlp-step.json').toString('utf8')) as { sources: string[]; sha256: string };
    // Every C source and header beside mlp-step.c is one of the stamped sources (a new header joins build.sh's SOURCES).
    const onDisk = readdirSync(new URL('./native/', import.meta.url)).filter((f) => /\.[ch]$/.test(f));
    expect([...stamp.sources].sort()).toEqual(onDisk.sort());
    const hash = createHash('sha256');
    for (const file of stamp.sources) hash.update(native(file));
    expect(hash.digest('hex')).toBe(stamp.sha256);
    expect(MLP_STEP_WASM_BASE64).toBe(native('mlp-step.wasm').toString('base64'));
  });
});

// Mostly one-hot inputs, as the encoded adult and kdd tables are (13% and 33% non-zero): the
// kernel skips zero inputs, so the sparse case is the one to check. 500 rows: 3 scaled numbers,
// then one-hot groups of 6 and 10 columns.
const ROWS = 500;
const WIDTH = 19;
const x = new Float32Array(ROWS * WIDTH);
const labels = new Float32Array(ROWS);
for (let r = 0; r < ROWS; r++) {
  for (let j = 0; j < 3; j++) x[r * WIDTH + j] = Math.sin(r * 0.37 + j * 1.9) * 1.4;
  const a = (r * 7) % 6;
  const b = (r * 13 + (r >> 3)) % 10;
  x[r * WIDTH + 3 + a] = 1;
  x[r * WIDTH + 9 + b] = 1;
  labels[r] = (Math.floor(a / 2) + (x[r * WIDTH] > 0 ? 1 : 0) + (b === 0 ? 1 : 0)) % 3;
}

const SPEC = { kind: 'mlp', hidden: [24, 12], activation: 'relu', inputSize: WIDTH, outputSize: 3, task: 'classification', seed: 9 } as const;

/** A tfjs model trained with the given step, or (`dense`) plain layers trained without tfjs. */
async function train(step: 'auto' | 'kernels', optimizer: OptimizerName, batchSize: number, dense = false) {
  const { tf } = await getTf();
  const layers = initialLayers({ ...SPEC, hidden: [...SPEC.hidden] });
  const model = dense ? layers : buildNetwork(tf, { ...SPEC, hidden: [...SPEC.hidden] });
  const result = await fitModel({
    model,
    task: 'classification',
    classes: 3,
    inputSize: WIDTH,
    train: { x, y: labels, rows: ROWS },
    epochs: 5,
    batchSize,
    optimizer,
    learningRate: { adam: 0.02, rmsprop: 0.01, sgd: 1 }[optimizer],
    l2: 0,
    dropout: 0,
    seed: 11,
    patience: 0,
    step,
  });
  const weights = Array.isArray(model) ? layers.flatMap((l) => [...l.kernel, ...l.bias]) : model.getWeights().flatMap((w) => Array.from(w.dataSync()));
  if (!Array.isArray(model)) model.dispose();
  return { step: result.step, losses: result.history.map((h) => h.loss), weights };
}

const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('wasm training step on one-hot inputs', () => {
  // The reference is the tfjs-kernel step (itself checked against the tfjs tape in fast-step.test.ts):
  // the same arithmetic with sums in another order, so only float32 rounding may differ. A batch
  // size that leaves a short last batch (500 = 3 x 128 + 116) checks partial batches too.
  for (const optimizer of ['adam', 'rmsprop', 'sgd'] as const) {
    it(`agrees with the tfjs-kernel step to float32 rounding: ${optimizer}`, async () => {
      const wasm = await train('auto', optimizer, 128);
      const kernels = await train('kernels', optimizer, 128);
      expect(wasm.step).toBe('wasm');
      expect(kernels.step).toBe('kernels');
      expect(maxDiff(wasm.losses, kernels.losses)).toBeLessThan(1e-5);
      expect(maxDiff(wasm.weights, kernels.weights)).toBeLessThan(1e-4);
      // It learned something: the last epoch's loss is well under the first one's.
      expect(wasm.losses[4]).toBeLessThan(wasm.losses[0] * 0.9);
    });
  }

  // The Train node trains relu and linear networks as plain layers, without loading tfjs: the same
  // starting weights (initialLayers draws tfjs's glorotUniform) and the same step give the same model.
  it('trains plain dense layers without tfjs to bitwise the weights and losses of the tfjs model', async () => {
    for (const optimizer of ['adam', 'sgd'] as const) {
      const viaTfjs = await train('auto', optimizer, 128);
      const plain = await train('auto', optimizer, 128, true);
      expect(plain.step).toBe('wasm');
      expect(plain.weights).toEqual(viaTfjs.weights);
      expect(plain.losses).toEqual(viaTfjs.losses);
    }
  });

  it('is deterministic: the same seed gives bitwise-equal weights', async () => {
    const a = await train('auto', 'adam', 64);
    const b = await train('auto', 'adam', 64);
    expect(a.weights).toEqual(b.weights);
    expect(a.losses).toEqual(b.losses);
  });
});

describe('wasm training step on a held training set', () => {
  // fit.ts copies an in-memory training set into the module once and steps on rows by number; a
  // streamed one (batch-source.ts) is copied in batch by batch. Both must train the same model.
  it('gives bitwise the weights of batches copied in row by row', async () => {
    const options = { task: 'classification' as const, classes: 3, optimizer: 'adam' as const, learningRate: 0.02, l2: 0.001 };
    const run = (hold: boolean) => {
      const layers = initialLayers({ kind: 'mlp', hidden: [24, 12], activation: 'relu', inputSize: WIDTH, outputSize: 3, task: 'classification', seed: 4 });
      const slots = wasmLayout(layers);
      const step = createWasmStep(slots, options, 100, hold ? { x, y: labels, rows: ROWS } : undefined)!;
      loadWeights(step.params, slots, layers);
      expect(step.holdsTrain).toBe(hold);
      const random = seededRandom(3);
      const order = Uint32Array.from({ length: ROWS }, () => Math.floor(random() * ROWS));
      const losses: number[] = [];
      for (let start = 0; start < ROWS; start += 100) {
        const n = Math.min(100, ROWS - start);
        if (hold) {
          losses.push(step.stepRows(order, start, n).loss);
        } else {
          for (let r = 0; r < n; r++) {
            step.inputs.set(x.subarray(order[start + r] * WIDTH, (order[start + r] + 1) * WIDTH), r * WIDTH);
            step.targets[r] = labels[order[start + r]];
          }
          losses.push(step.step(step.inputs, step.targets, n).loss);
        }
      }
      return { losses, weights: Array.from(step.params) };
    };
    const held = run(true);
    const copied = run(false);
    expect(held.weights).toEqual(copied.weights);
    expect(held.losses).toEqual(copied.losses);
    expect(held.losses[4]).toBeLessThan(held.losses[0]);
  });
});
