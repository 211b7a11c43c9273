import { describe, expect, it } from 'vitest';
import { fitModel, type FitOptions, type OptimizerName } from './fit.js';
import { buildNetwork } from './network.js';
import { getTf } from './tf-backend.js';

// A small synthetic problem: 600 rows x 7 features, three classes from the signs of two features,
// and a regression target that is a fixed linear mix plus a product term.
const ROWS = 600;
const WIDTH = 7;
const x = Float32Array.from({ length: ROWS * WIDTH }, (_, i) => Math.sin(i * 0.731) * 1.5);
const classes = Float32Array.from({ length: ROWS }, (_, r) => (x[r * WIDTH] > 0 ? (x[r * WIDTH + 1] > 0 ? 2 : 1) : 0));
const values = Float32Array.from({ length: ROWS }, (_, r) => 0.5 * x[r * WIDTH] - x[r * WIDTH + 2] + x[r * WIDTH + 3] * x[r * WIDTH + 4]);

async function train(
  o: { task: 'classification' | 'regression'; optimizer: OptimizerName; l2?: number; weights?: boolean; kind?: 'mlp' | 'linear' },
  step: 'auto' | 'kernels' | 'tape',
) {
  const { tf } = await getTf();
  const k = o.task === 'classification' ? 3 : 1;
  const model = buildNetwork(tf, { kind: o.kind ?? 'mlp', hidden: [16, 8], activation: 'relu', inputSize: WIDTH, outputSize: k, task: o.task, seed: 3 });
  const options: FitOptions = {
    model,
    task: o.task,
    classes: k,
    inputSize: WIDTH,
    train: { x, y: o.task === 'classification' ? classes : values, rows: ROWS },
    epochs: 4,
    batchSize: 64,
    optimizer: o.optimizer,
    learningRate: o.optimizer === 'sgd' ? 0.05 : 0.01,
    l2: o.l2 ?? 0,
    dropout: 0,
    classWeights: o.weights ? Float32Array.from([2, 0.5, 1]) : undefined,
    seed: 5,
    patience: 0,
    step,
  };
  const result = await fitModel(options);
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return { losses: result.history.map((h) => h.loss), accuracy: result.history.map((h) => h.accuracy), weights: weights.flat(), step: result.step };
}

const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('explicit-gradient training step', () => {
  // The reference is tfjs's own gradient tape and optimisers on the same data, seed and batches.
  const cases = [
    { name: 'MLP classification, Adam', task: 'classification', optimizer: 'adam' },
    { name: 'MLP classification, class weights + L2, RMSProp', task: 'classification', optimizer: 'rmsprop', l2: 0.001, weights: true },
    { name: 'logistic regression, SGD', task: 'classification', optimizer: 'sgd', kind: 'linear' },
    { name: 'MLP regression, Adam + L2', task: 'regression', optimizer: 'adam', l2: 0.0005 },
  ] as const;
  // 'auto' is the wasm kernel (wasm-step.ts); 'kernels' the tfjs-kernel step it falls back to.
  for (const step of ['auto', 'kernels'] as const) {
    for (const c of cases) {
      it(`trains like the tfjs tape step: ${c.name} (${step})`, async () => {
        const fast = await train(c, step);
        const tape = await train(c, 'tape');
        expect(fast.step).toBe(step === 'auto' ? 'wasm' : 'kernels');
        expect(tape.step).toBe('tape');
        expect(fast.weights.length).toBe(tape.weights.length);
        // float32 rounding differs in a few places (sums in another order, JS optimiser in float64), nothing more.
        expect(maxDiff(fast.weights, tape.weights)).toBeLessThan(2e-3);
        expect(maxDiff(fast.losses, tape.losses)).toBeLessThan(1e-3);
        if (c.task === 'classification') expect(maxDiff(fast.accuracy as number[], tape.accuracy as number[])).toBeLessThan(0.01);
        // It learned something: the last epoch's loss is well under the first one's.
        expect(fast.losses[3]).toBeLessThan(fast.losses[0] * 0.9);
      });
    }
  }

  it('is deterministic: the same seed gives bitwise-equal weights', async () => {
    const a = await train({ task: 'classification', optimizer: 'adam' }, 'auto');
    const b = await train({ task: 'classification', optimizer: 'adam' }, 'auto');
    expect(a.weights).toEqual(b.weights);
  });
});
