/**
 * Training on a TensorFlow.js model (`fit.ts`'s loop calls it through `Trainer`): the explicit-gradient
 * steps where they apply (the wasm module, else tfjs kernels, `fast-step.ts`) and the tfjs tape for
 * everything else (dropout; tanh, sigmoid, elu), plus the validation pass and weight snapshots.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { isBatchSource } from './batch-source.js';
import { createFastStep, fastSlots, type Slot } from './fast-step.js';
import type { Dataset, FitOptions, OptimizerName, Trainer } from './fit.js';
import { SOFTMAX_LAYER } from './network.js';
import { getTf, loadFullTf } from './tf-backend.js';
import { createWasmStep, type WasmStep } from './wasm-step.js';

function makeOptimizer(tf: typeof tfTypes, name: OptimizerName, lr: number): tfTypes.Optimizer {
  if (name === 'sgd') return tf.train.sgd(lr);
  if (name === 'rmsprop') return tf.train.rmsprop(lr);
  return tf.train.adam(lr);
}

type Dense = { kernel: tfTypes.Variable; bias: tfTypes.Variable; activation: string };

function denseLayers(model: tfTypes.LayersModel): Dense[] {
  return model.layers
    .filter((l) => l.name !== SOFTMAX_LAYER)
    .map((l) => {
      if (l.getClassName() !== 'Dense') throw new Error(`cannot train layer ${l.name} (${l.getClassName()}): only dense layers are supported`);
      const [kernel, bias] = l.trainableWeights.map((w) => w.read() as tfTypes.Variable);
      return { kernel, bias, activation: String((l.getConfig() as { activation?: string }).activation ?? 'linear') };
    });
}

let fastMatMul: ((a: tfTypes.Tensor, b: tfTypes.Tensor) => tfTypes.Tensor) | undefined;
/**
 * matMul whose gradient transposes explicitly: the wasm backend's transposed matMul (which the
 * built-in gradient uses) is about 5x slower than a transpose plus a plain matMul.
 */
function matMulFastGrad(tf: typeof tfTypes): (a: tfTypes.Tensor, b: tfTypes.Tensor) => tfTypes.Tensor {
  const f = (a: tfTypes.Tensor2D, b: tfTypes.Tensor2D, save: tfTypes.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy: tfTypes.Tensor2D, saved: tfTypes.Tensor[]) => [tf.matMul(dy, tf.transpose(saved[1])), tf.matMul(tf.transpose(saved[0]), dy)],
    };
  };
  fastMatMul ??= tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tfTypes.Tensor, b: tfTypes.Tensor) => tfTypes.Tensor;
  return fastMatMul;
}

function activate(tf: typeof tfTypes, h: tfTypes.Tensor, name: string): tfTypes.Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(h);
    case 'tanh':
      return tf.tanh(h);
    case 'sigmoid':
      return tf.sigmoid(h);
    case 'elu':
      return tf.elu(h);
    case 'linear':
      return h;
    default:
      throw new Error(`unsupported activation "${name}"`);
  }
}

/** Logits (or the regression output) with optional seeded dropout after each hidden layer. */
function forward(layers: Dense[], x: tfTypes.Tensor, tf: typeof tfTypes, dropout: number, dropoutSeed?: number): tfTypes.Tensor {
  const matMul = matMulFastGrad(tf);
  let h = x;
  layers.forEach((layer, i) => {
    h = activate(tf, tf.add(matMul(h, layer.kernel), layer.bias), layer.activation);
    if (dropoutSeed !== undefined && dropout > 0 && i < layers.length - 1) h = tf.dropout(h, dropout, undefined, dropoutSeed + i);
  });
  return h;
}

function batchLoss(
  tf: typeof tfTypes,
  o: Pick<FitOptions, 'task' | 'classes'>,
  out: tfTypes.Tensor,
  y: tfTypes.Tensor,
  weights?: tfTypes.Tensor,
): tfTypes.Scalar {
  let perRow: tfTypes.Tensor;
  if (o.task === 'classification') {
    const onehot = tf.oneHot(y as tfTypes.Tensor1D, o.classes);
    perRow = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(out)), 1));
  } else {
    perRow = tf.square(tf.sub(tf.reshape(out, [-1]), y));
  }
  return tf.mean(weights ? tf.mul(perRow, weights) : perRow) as tfTypes.Scalar;
}

/** Mean loss (unweighted) and accuracy of the model on a dataset, in large chunks. */
export async function evaluateLoss(
  model: tfTypes.LayersModel,
  o: Pick<FitOptions, 'task' | 'classes' | 'inputSize'>,
  d: Dataset,
): Promise<{ loss: number; accuracy?: number }> {
  const { tf } = await getTf();
  const chunk = 8192;
  const layers = denseLayers(model);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < d.rows; start += chunk) {
    const n = Math.min(chunk, d.rows - start);
    const [l, c] = tf.tidy(() => {
      const x = tf.tensor2d(d.x.subarray(start * o.inputSize, (start + n) * o.inputSize), [n, o.inputSize]);
      const yv = d.y.subarray(start, start + n);
      const y = o.task === 'classification' ? tf.tensor1d(Int32Array.from(yv), 'int32') : tf.tensor1d(yv);
      const out = forward(layers, x, tf, 0);
      const loss = tf.mul(batchLoss(tf, o, out, y), n);
      const hits = o.task === 'classification' ? tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), y), 'float32')) : tf.scalar(0);
      return [loss.dataSync()[0], hits.dataSync()[0]];
    });
    lossSum += l;
    correct += c;
  }
  return { loss: lossSum / d.rows, accuracy: o.task === 'classification' ? correct / d.rows : undefined };
}

/** Copies the wasm step's weights into the model's variables. */
function writeVariables(tf: typeof tfTypes, slots: Slot[], params: Float32Array): void {
  for (const s of slots) {
    tf.tidy(() => {
      s.kernel.assign(tf.tensor2d(params.slice(s.kernelAt, s.biasAt), [s.inputs, s.units]));
      s.bias.assign(tf.tensor1d(params.slice(s.biasAt, s.biasAt + s.units)));
    });
  }
}

/** The wasm step over the model's starting weights, or undefined where the module cannot load. */
function wasmStepFor(slots: Slot[], o: FitOptions): WasmStep | undefined {
  const wasm = createWasmStep(slots, o, o.batchSize, isBatchSource(o.train) ? undefined : o.train);
  for (const s of wasm ? slots : []) {
    wasm!.params.set(s.kernel.dataSync() as Float32Array, s.kernelAt);
    wasm!.params.set(s.bias.dataSync() as Float32Array, s.biasAt);
  }
  return wasm;
}

/**
 * Trains `model`'s variables in place.
 *
 * @example
 * const trainer = await tfjsTrainer(model, options);
 */
export async function tfjsTrainer(model: tfTypes.LayersModel, o: FitOptions): Promise<Trainer> {
  const { tf } = await getTf();
  const optimizer = makeOptimizer(tf, o.optimizer, o.learningRate);
  const layers = denseLayers(model);
  const vars = layers.flatMap((l) => [l.kernel, l.bias]);
  const kernels = layers.map((l) => l.kernel);
  const slots = o.step === 'tape' || o.dropout > 0 ? undefined : fastSlots(layers);
  const wasm = slots && o.step !== 'kernels' ? wasmStepFor(slots, o) : undefined;
  const fast = wasm ? undefined : slots ? createFastStep(tf, slots, o) : undefined;
  const kind = wasm ? 'wasm' : fast ? 'kernels' : 'tape';
  // The tape needs every op's gradient, which only the full package registers.
  if (kind === 'tape') loadFullTf();
  // The wasm step's own batch buffers where it runs: the rows are gathered straight into its memory.
  const xb = wasm?.inputs ?? new Float32Array(o.batchSize * o.inputSize);
  const yb = wasm?.targets ?? new Float32Array(o.batchSize);
  /** One step on the tfjs tape. */
  const tapeStep = (n: number, step: number) => {
    // The batch's outputs, kept out of the tape's cleanup so accuracy can be counted in JS
    // (cheaper than four more tfjs ops per step).
    let kept: tfTypes.Tensor | undefined;
    const cost = optimizer.minimize(
      () => {
        const x = tf.tensor2d(xb.subarray(0, n * o.inputSize), [n, o.inputSize]);
        const y = o.task === 'classification' ? tf.tensor1d(Int32Array.from(yb.subarray(0, n)), 'int32') : tf.tensor1d(yb.subarray(0, n));
        const w = o.classWeights ? tf.tensor1d(Float32Array.from(yb.subarray(0, n), (c) => o.classWeights![c])) : undefined;
        const out = forward(layers, x, tf, o.dropout, o.seed * 1_000_003 + step * 17);
        if (o.task === 'classification') kept = tf.keep(out);
        let loss = batchLoss(tf, o, out, y, w);
        if (o.l2 > 0 && kernels.length) loss = tf.add(loss, tf.mul(tf.addN(kernels.map((k) => tf.sum(tf.square(k)))), o.l2));
        return loss;
      },
      true,
      vars,
    );
    const loss = cost?.dataSync()[0] ?? NaN;
    cost?.dispose();
    let correct = 0;
    if (kept) {
      const logits = kept.dataSync();
      kept.dispose();
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let c = 1; c < o.classes; c++) if (logits[r * o.classes + c] > logits[r * o.classes + best]) best = c;
        if (best === yb[r]) correct++;
      }
    }
    return { loss, correct };
  };
  return {
    kind,
    xb,
    yb,
    held: wasm?.holdsTrain === true,
    step: (n, step) => (wasm ? wasm.step(xb, yb, n) : fast ? fast.step(xb, yb, n) : tapeStep(n, step)),
    stepRows: (order, start, n) => wasm!.stepRows(order, start, n),
    sync: () => (wasm ? writeVariables(tf, slots!, wasm.params) : fast?.sync()),
    evaluate: (d) => evaluateLoss(model, o, d),
    snapshot: () => {
      const copies = vars.map((v) => tf.clone(v));
      return { restore: () => vars.forEach((v, i) => v.assign(copies[i])), dispose: () => copies.forEach((t) => t.dispose()) };
    },
    dispose: () => optimizer.dispose(),
  };
}
