/**
 * The training loop: a hand-written loop over shuffled mini-batches instead of `model.fit`, so it
 * can stop within one batch when cancelled, seed the shuffling and dropout (same seed, same model),
 * weight classes, and stream a point per epoch.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { evaluateChunks, isBatchSource, type BatchSource } from './batch-source.js';
import { createFastStep, fastSlots } from './fast-step.js';
import { createWasmStep } from './wasm-step.js';
import { SOFTMAX_LAYER } from './network.js';
import { getTf, loadFullTf } from './tf-backend.js';

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface Dataset {
  /** Row-major, scaled inputs. */
  x: Float32Array;
  /** Class codes (classification) or scaled target values (regression). */
  y: Float32Array;
  rows: number;
}

export interface EpochPoint {
  epoch: number;
  loss: number;
  accuracy?: number;
  val_loss?: number;
  val_accuracy?: number;
  [metric: string]: number | undefined;
}

export interface FitOptions {
  model: tfTypes.LayersModel;
  task: 'classification' | 'regression';
  classes: number;
  inputSize: number;
  /** In memory, or read from DuckDB batch by batch (`batch-source.ts`) for tables too large to hold. */
  train: Dataset | BatchSource;
  validation?: Dataset | BatchSource;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  l2: number;
  dropout: number;
  /** Per-class loss weights (classification). */
  classWeights?: Float32Array;
  seed: number;
  /** Epochs without a better validation loss before stopping; 0 = never stop early. */
  patience: number;
  signal?: AbortSignal;
  onBatchEnd?: (epoch: number, batch: number, batches: number) => void;
  onEpochEnd?: (point: EpochPoint) => void;
  /**
   * 'auto' (default) trains relu/linear networks without dropout with the explicit-gradient step
   * (one call a step into `native/mlp-step.wasm`, `wasm-step.ts`; `fast-step.ts` on tfjs kernels where that
   * module cannot load) and everything else on the tfjs tape; 'kernels' forces `fast-step.ts` and 'tape' the
   * tape (benchmarks, tests).
   */
  step?: 'auto' | 'kernels' | 'tape';
}

export interface FitResult {
  history: EpochPoint[];
  epochsRun: number;
  stoppedEarly: boolean;
  /** The epoch whose weights the model holds (the best validation loss under early stopping). */
  bestEpoch: number;
  /** Which step trained it: the wasm kernel (`wasm-step.ts`), tfjs kernels (`fast-step.ts`) or the tfjs tape. */
  step: 'wasm' | 'kernels' | 'tape';
}

/** Thrown when the signal aborts; the node turns it into a cancellation error. */
export class TrainingCancelledError extends Error {
  constructor(
    readonly epoch: number,
    readonly batch: number,
  ) {
    super(`training cancelled during epoch ${epoch}, after batch ${batch}`);
    this.name = 'TrainingCancelledError';
  }
}

/** A small seeded PRNG (mulberry32): shuffles must not depend on Math.random. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fisher-Yates with the given random source, in a function of its own: inlined in the long training
 * loop, the swap ran unoptimised and cost adult about 15 ms an epoch (the order it gives is the same).
 */
export function shuffleInPlace(order: Uint32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

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

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * How often the loop yields to the event loop. A yield per batch cost about 4% of an adult epoch
 * (a small batch takes about 3 ms); every 20 ms keeps a cancel from the window well under a second.
 */
const YIELD_EVERY_MS = 20;

/**
 * Trains `model` in place.
 *
 * @example
 * const result = await fitModel({ model, task: 'classification', classes: 2, inputSize, train, epochs: 10, batchSize: 256,
 *   optimizer: 'adam', learningRate: 0.001, l2: 0, dropout: 0, seed: 42, patience: 0, signal: ctx.signal });
 */
export async function fitModel(o: FitOptions): Promise<FitResult> {
  const { tf } = await getTf();
  const optimizer = makeOptimizer(tf, o.optimizer, o.learningRate);
  const layers = denseLayers(o.model);
  const vars = layers.flatMap((l) => [l.kernel, l.bias]);
  const kernels = layers.map((l) => l.kernel);
  const memory = isBatchSource(o.train) ? undefined : o.train;
  const slots = o.step === 'tape' || o.dropout > 0 ? undefined : fastSlots(layers);
  const wasm = slots && o.step !== 'kernels' ? createWasmStep(tf, slots, o, o.batchSize, memory) : undefined;
  const fast = wasm ?? (slots ? createFastStep(tf, slots, o) : undefined);
  const stepKind = wasm ? 'wasm' : fast ? 'kernels' : 'tape';
  // The tape needs every op's gradient, which only the full package registers.
  if (stepKind === 'tape') loadFullTf();
  const random = seededRandom(o.seed);
  // The wasm step reads held rows by number; every other step gets the rows copied into its batch buffers.
  const held = memory !== undefined && wasm?.holdsTrain === true;
  const order = new Uint32Array(memory ? memory.rows : 0);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const batches = Math.ceil(o.train.rows / o.batchSize);
  // The wasm step's own batch buffers where it runs: the rows are gathered straight into its memory.
  const xb = wasm?.inputs ?? new Float32Array(o.batchSize * o.inputSize);
  const yb = wasm?.targets ?? new Float32Array(o.batchSize);
  const history: EpochPoint[] = [];
  let best = { loss: Infinity, epoch: 0, weights: undefined as tfTypes.Tensor[] | undefined };
  let stoppedEarly = false;
  let step = 0;
  let lastYield = performance.now();
  /** One step on the tfjs tape (dropout; tanh, sigmoid, elu); adds to the running sums. */
  const tapeStep = (n: number, lossSum: number, correct: number) => {
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
    lossSum += (cost?.dataSync()[0] ?? NaN) * n;
    cost?.dispose();
    if (kept) {
      const logits = kept.dataSync();
      kept.dispose();
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let c = 1; c < o.classes; c++) if (logits[r * o.classes + c] > logits[r * o.classes + best]) best = c;
        if (best === yb[r]) correct++;
      }
    }
    return { lossSum, correct };
  };
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      shuffleInPlace(order, random);
      let lossSum = 0;
      let correct = 0;
      const next = isBatchSource(o.train) ? o.train.epoch(epoch, o.batchSize, o.seed) : undefined;
      for (let b = 0; b < batches; b++) {
        const start = b * o.batchSize;
        const n = next ? await next(xb, yb) : Math.min(o.batchSize, o.train.rows - start);
        if (memory && !held) {
          for (let r = 0; r < n; r++) {
            const src = order[start + r];
            xb.set(memory.x.subarray(src * o.inputSize, (src + 1) * o.inputSize), r * o.inputSize);
            yb[r] = memory.y[src];
          }
        }
        step++;
        if (fast) {
          const r = held && wasm ? wasm.stepRows(order, start, n) : fast.step(xb, yb, n);
          lossSum += r.loss * n;
          correct += r.correct;
        } else {
          ({ lossSum, correct } = tapeStep(n, lossSum, correct));
        }
        o.onBatchEnd?.(epoch, b + 1, batches);
        // Lets the abort event (IPC message, timer) arrive; the wasm backend never yields by itself.
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        if (o.signal?.aborted) throw new TrainingCancelledError(epoch, b + 1);
      }
      fast?.sync();
      const point: EpochPoint = { epoch, loss: lossSum / o.train.rows };
      if (o.task === 'classification') point.accuracy = correct / o.train.rows;
      if (o.validation && o.validation.rows > 0) {
        const v = isBatchSource(o.validation)
          ? await evaluateChunks(o.validation, (chunk) => evaluateLoss(o.model, o, chunk))
          : await evaluateLoss(o.model, o, o.validation);
        point.val_loss = v.loss;
        if (v.accuracy !== undefined) point.val_accuracy = v.accuracy;
      }
      history.push(point);
      o.onEpochEnd?.(point);
      if (o.validation && o.patience > 0 && point.val_loss !== undefined) {
        if (point.val_loss < best.loss) {
          best.weights?.forEach((t) => t.dispose());
          best = { loss: point.val_loss, epoch, weights: vars.map((v) => tf.clone(v)) };
        } else if (epoch - best.epoch >= o.patience) {
          stoppedEarly = true;
          break;
        }
      }
    }
    if (best.weights) vars.forEach((v, i) => v.assign(best.weights![i]));
    return { history, epochsRun: history.length, stoppedEarly, bestEpoch: best.weights ? best.epoch : history.length, step: stepKind };
  } finally {
    best.weights?.forEach((t) => t.dispose());
    optimizer.dispose();
  }
}
