/**
 * The training loop: a hand-written loop over shuffled mini-batches instead of `model.fit`, so it
 * can stop within one batch when cancelled, seed the shuffling and dropout (same seed, same model),
 * weight classes, and stream a point per epoch.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { evaluateChunks, isBatchSource, type BatchSource } from './batch-source.js';
import { denseTrainer } from './fit-dense.js';
import { tfjsTrainer } from './fit-tfjs.js';
import type { DenseLayer } from './onnx/onnx-export.js';
import type { OpenedWasmStep } from './wasm-step.js';

export { evaluateLoss } from './fit-tfjs.js';

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
  /** A tfjs model, or plain dense layers (`initialLayers`; trained in the wasm module, without TensorFlow.js). */
  model: tfTypes.LayersModel | DenseLayer[];
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
  /**
   * Plain layers only: the wasm instance opened for this training (`openWasmStep`), whose room the
   * training rows may already have been encoded into; a new one is opened when it does not match.
   */
  opened?: OpenedWasmStep;
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

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * How often the loop yields to the event loop. A yield per batch cost about 4% of an adult epoch
 * (a small batch takes about 3 ms); every 20 ms keeps a cancel from the window well under a second.
 */
const YIELD_EVERY_MS = 20;

/**
 * What the loop trains through: a TensorFlow.js model (`fit-tfjs.ts`) or plain dense layers in the wasm
 * module (`fit-dense.ts`). `step` trains on the first `n` rows of `xb`/`yb`; `stepRows` on held rows by number.
 */
export interface Trainer {
  kind: FitResult['step'];
  xb: Float32Array;
  yb: Float32Array;
  /** Whether the in-memory training set is held by the step, for `stepRows`. */
  held: boolean;
  step(n: number, step: number): { loss: number; correct: number };
  stepRows(order: Uint32Array, start: number, n: number): { loss: number; correct: number };
  /** Puts the step's weights where the model keeps them (each epoch's end). */
  sync(): void;
  /** Mean loss (unweighted) and accuracy of the synced weights on a dataset. */
  evaluate(d: Dataset): Promise<{ loss: number; accuracy?: number }>;
  /** A copy of the synced weights, to put back with `restore`. */
  snapshot(): { restore(): void; dispose(): void };
  dispose(): void;
}

/**
 * Trains `model` in place: a tfjs model's variables, or plain dense layers' arrays (`initialLayers`),
 * which train in the wasm module without TensorFlow.js (see `canTrainDense`).
 *
 * @example
 * const result = await fitModel({ model, task: 'classification', classes: 2, inputSize, train, epochs: 10, batchSize: 256,
 *   optimizer: 'adam', learningRate: 0.001, l2: 0, dropout: 0, seed: 42, patience: 0, signal: ctx.signal });
 */
export async function fitModel(o: FitOptions): Promise<FitResult> {
  const trainer = Array.isArray(o.model) ? denseTrainer(o.model, o) : await tfjsTrainer(o.model, o);
  try {
    return await trainLoop(o, trainer);
  } finally {
    trainer.dispose();
  }
}

async function trainLoop(o: FitOptions, trainer: Trainer): Promise<FitResult> {
  const { xb, yb } = trainer;
  const memory = isBatchSource(o.train) ? undefined : o.train;
  const random = seededRandom(o.seed);
  // A held training set is read by row number; otherwise rows are copied into the batch buffers.
  const held = memory !== undefined && trainer.held;
  const order = new Uint32Array(memory ? memory.rows : 0);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const batches = Math.ceil(o.train.rows / o.batchSize);
  const history: EpochPoint[] = [];
  let best: { loss: number; epoch: number; weights?: ReturnType<Trainer['snapshot']> } = { loss: Infinity, epoch: 0 };
  let stoppedEarly = false;
  let step = 0;
  let lastYield = performance.now();
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
        const r = held ? trainer.stepRows(order, start, n) : trainer.step(n, step);
        lossSum += r.loss * n;
        correct += r.correct;
        o.onBatchEnd?.(epoch, b + 1, batches);
        // Lets the abort event (IPC message, timer) arrive; the wasm step never yields by itself.
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        if (o.signal?.aborted) throw new TrainingCancelledError(epoch, b + 1);
      }
      trainer.sync();
      const point: EpochPoint = { epoch, loss: lossSum / o.train.rows };
      if (o.task === 'classification') point.accuracy = correct / o.train.rows;
      if (o.validation && o.validation.rows > 0) {
        const v = isBatchSource(o.validation) ? await evaluateChunks(o.validation, (chunk) => trainer.evaluate(chunk)) : await trainer.evaluate(o.validation);
        point.val_loss = v.loss;
        if (v.accuracy !== undefined) point.val_accuracy = v.accuracy;
      }
      history.push(point);
      o.onEpochEnd?.(point);
      if (o.validation && o.patience > 0 && point.val_loss !== undefined) {
        if (point.val_loss < best.loss) {
          best.weights?.dispose();
          best = { loss: point.val_loss, epoch, weights: trainer.snapshot() };
        } else if (epoch - best.epoch >= o.patience) {
          stoppedEarly = true;
          break;
        }
      }
    }
    best.weights?.restore();
    return { history, epochsRun: history.length, stoppedEarly, bestEpoch: best.weights ? best.epoch : history.length, step: trainer.kind };
  } finally {
    best.weights?.dispose();
  }
}
