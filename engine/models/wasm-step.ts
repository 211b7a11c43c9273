/**
 * The explicit training step (`fast-step.ts`) as one call into a small hand-written wasm module
 * (`native/mlp-step.c`): the weights, the optimiser state and, where it fits, the whole training
 * set live in that module's memory, every layer skips the inputs that are zero (one-hot columns,
 * relu zeros), and there is no tfjs kernel call per step at all. tfjs-wasm's matMuls alone took
 * about 2.3 ms of a 3.7 ms adult step; see bench/README.md, train-mlp.
 */
import type { FastStepOptions } from './fast-step.js';
import type { Dataset } from './fit.js';
import { MLP_STEP_WASM_BASE64 } from './native/mlp-step-wasm.js';

interface MlpStepExports {
  memory: { buffer: ArrayBuffer };
  alloc(bytes: number): number;
  create(layers: number, dims: number, relu: number, maxBatch: number): number;
  configure(net: number, task: number, classes: number, optimizer: number, lr: number, l2: number, eps: number, hasClassWeights: number): void;
  params(net: number): number;
  inputs(net: number): number;
  targets(net: number): number;
  class_weights(net: number): number;
  size(net: number): number;
  loss(net: number): number;
  correct(net: number): number;
  step(net: number, rows: number): void;
  hold(net: number, rows: number): number;
  held_targets(net: number): number;
  order(net: number): number;
  step_rows(net: number, rows: number): void;
}

/** The part of the WebAssembly API used here (the project's lib settings leave its types out). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | undefined;

/** The compiled module, once per process; undefined where WebAssembly (with SIMD) is missing. */
function mlpStepModule(): object | undefined {
  if (compiled || !wasmApi) return compiled;
  try {
    compiled = new wasmApi.Module(Buffer.from(MLP_STEP_WASM_BASE64, 'base64'));
  } catch {
    return undefined;
  }
  return compiled;
}

const OPTIMIZER_CODES = { adam: 0, rmsprop: 1, sgd: 2 } as const;
/** The widest network the C side holds (MAX_LAYERS in mlp-step.c). */
const MAX_LAYERS = 16;
/**
 * Training sets up to this size are copied into the module's memory once per fit, so that a step
 * reads its rows where they lie instead of JavaScript copying 256 rows into the module per step (a
 * tenth of a kdd epoch). Larger ones (up to 1M rows stay in memory, see stream-data.ts) keep the copy
 * per step rather than hold a second gigabyte.
 */
const HOLD_MAX_BYTES = 768 * 2 ** 20;

/**
 * The fuzz factor of tfjs's float32 backends (`backend().epsilon()`), which Adam and RMSProp add to
 * their denominators: the same constant here keeps this step and the tfjs ones training the same model.
 */
const FLOAT32_EPSILON = 1e-7;

/** One dense layer as the module holds it: its size, activation, and where its weights lie in `params`. */
export interface WasmLayer {
  inputs: number;
  units: number;
  relu: boolean;
  kernelAt: number;
  biasAt: number;
}

/** Whether a network of this many dense layers can train in the module here (WebAssembly with SIMD). */
export function wasmStepAvailable(layers: number): boolean {
  return layers <= MAX_LAYERS && mlpStepModule() !== undefined;
}

/**
 * A wasm instance with the network made, and for `rows` (when the training set fits) room for that
 * many training rows, `held`: a caller can encode the rows straight into it (`encodeScaled`'s `into`)
 * instead of a copy there later. `start` configures the optimiser and gives the step. Undefined where
 * the module cannot load.
 *
 * @example
 * const opened = openWasmStep(slots, 256, rows);
 * encodeScaled(spec, raw, opened!.held?.x);
 */
export function openWasmStep(slots: WasmLayer[], maxBatch: number, rows?: number) {
  const module = wasmStepAvailable(slots.length) ? mlpStepModule() : undefined;
  if (!module) return undefined;
  const env = {
    pow: Math.pow,
    /** Math.log of `count` float64s at byte `at`, in place (one call a batch: calls from wasm into JS are not free). */
    logs(at: number, count: number): void {
      const x = new Float64Array(w.memory.buffer, at, count);
      for (let i = 0; i < count; i++) x[i] = Math.log(x[i]);
    },
  };
  const w = new wasmApi!.Instance(module, { env }).exports as unknown as MlpStepExports;
  const scratch = w.alloc(8 * (2 * slots.length + 1));
  new Int32Array(w.memory.buffer, scratch, slots.length + 1).set([slots[0].inputs, ...slots.map((s) => s.units)]);
  new Int32Array(w.memory.buffer, scratch + 4 * (slots.length + 1), slots.length).set(slots.map((s) => (s.relu ? 1 : 0)));
  const net = w.create(slots.length, scratch, scratch + 4 * (slots.length + 1), maxBatch);
  if (!net) return undefined;
  const width = slots[0].inputs;
  const heldAt = rows !== undefined && rows * (width + 1) * 4 <= HOLD_MAX_BYTES ? w.hold(net, rows) : 0;
  // All memory is allocated by now: views made from here on stay valid (the memory never grows after hold).
  const held = heldAt
    ? { x: new Float32Array(w.memory.buffer, heldAt, rows! * width), y: new Float32Array(w.memory.buffer, w.held_targets(net), rows!) }
    : undefined;
  return {
    slots,
    maxBatch,
    /** Room for the training rows (row-major inputs, then targets) in the module's memory, when they fit. */
    held,
    /** The step, its optimiser configured; `holdsTrain` when the training rows are in `held`. */
    start: (o: FastStepOptions, holdsTrain: boolean) => startStep(w, net, slots, o, maxBatch, holdsTrain),
  };
}

/** An opened wasm step (`openWasmStep`). */
export type OpenedWasmStep = NonNullable<ReturnType<typeof openWasmStep>>;

/**
 * A step over weights in a wasm instance of its own, or undefined when the module cannot load
 * (the caller then uses `createFastStep`). The caller writes the starting weights into `params`
 * (each layer's kernel at `kernelAt`, row-major inputs x units, its bias at `biasAt`) and reads the
 * trained ones from there. With `train`, the training set is copied into the module's memory when it
 * fits (`holdsTrain`), and `stepRows` trains on rows of it by number; `opened`, an instance opened for
 * it, is used instead of a new one, without the copy when `train` already lies in its `held` room.
 *
 * @example
 * const step = createWasmStep(slots, { task: 'classification', classes: 2, optimizer: 'adam', learningRate: 0.001, l2: 0 }, 256, train);
 * step!.params.set(kernel, slots[0].kernelAt);
 * const { loss, correct } = step!.holdsTrain ? step!.stepRows(order, 0, 256) : step!.step(x, y, n);
 */
export function createWasmStep(slots: WasmLayer[], o: FastStepOptions, maxBatch: number, train?: Dataset, opened?: OpenedWasmStep) {
  // Too small a room is fine: holdTrain then declines, and each batch is copied in.
  const step = opened && sameLayout(opened.slots, slots) && opened.maxBatch === maxBatch ? opened : openWasmStep(slots, maxBatch, train?.rows);
  if (!step) return undefined;
  const holdsTrain = train !== undefined && step.held !== undefined && holdTrain(step.held, train, slots[0].inputs);
  return step.start(o, holdsTrain);
}

function sameLayout(a: readonly WasmLayer[], b: readonly WasmLayer[]): boolean {
  return a.length === b.length && a.every((s, i) => s.inputs === b[i].inputs && s.units === b[i].units && s.relu === b[i].relu && s.kernelAt === b[i].kernelAt);
}

function startStep(w: MlpStepExports, net: number, slots: WasmLayer[], o: FastStepOptions, maxBatch: number, holdsTrain: boolean) {
  w.configure(net, o.task === 'classification' ? 0 : 1, o.classes, OPTIMIZER_CODES[o.optimizer], o.learningRate, o.l2, FLOAT32_EPSILON, o.classWeights ? 1 : 0);
  const order = new Int32Array(w.memory.buffer, w.order(net), maxBatch);
  const params = new Float32Array(w.memory.buffer, w.params(net), w.size(net));
  const inputs = new Float32Array(w.memory.buffer, w.inputs(net), maxBatch * slots[0].inputs);
  const targets = new Float32Array(w.memory.buffer, w.targets(net), maxBatch);
  if (o.classWeights) new Float32Array(w.memory.buffer, w.class_weights(net), o.classes).set(o.classWeights);
  return {
    /** Every layer's weights, in the module's memory: the caller's to fill before the first step and read after. */
    params,
    /** The batch buffers in the module's memory: rows written here need no copy in `step`. */
    inputs,
    targets,
    /** Whether the training set given to `createWasmStep` is in the module's memory, for `stepRows`. */
    holdsTrain,
    /** One step on rows `rowOrder[start .. start + n)` of the held training set; as `step`. */
    stepRows(rowOrder: Uint32Array, start: number, n: number): { loss: number; correct: number } {
      order.set(rowOrder.subarray(start, start + n));
      w.step_rows(net, n);
      return { loss: w.loss(net), correct: w.correct(net) };
    },
    /** One step on the first `n` rows of `x` (row-major) and `y`; the loss before the update, and the correct predictions. */
    step(x: Float32Array, y: Float32Array, n: number): { loss: number; correct: number } {
      if (x !== inputs) inputs.set(x.subarray(0, n * slots[0].inputs));
      if (y !== targets) targets.set(y.subarray(0, n));
      w.step(net, n);
      return { loss: w.loss(net), correct: w.correct(net) };
    },
  };
}

/** Puts the training set into the held room (nothing to copy when it was encoded there); false when it does not fit. */
function holdTrain(held: NonNullable<OpenedWasmStep['held']>, train: Dataset, width: number): boolean {
  if (train.rows > held.y.length) return false;
  const x = train.x.subarray(0, train.rows * width);
  const inPlace = (a: Float32Array, b: Float32Array) => a.buffer === b.buffer && a.byteOffset === b.byteOffset;
  if (!inPlace(x, held.x)) held.x.set(x);
  if (!inPlace(train.y, held.y)) held.y.set(train.y.subarray(0, train.rows));
  return true;
}

/** A wasm training step (`createWasmStep`'s result where the module loaded). */
export type WasmStep = NonNullable<ReturnType<typeof createWasmStep>>;
