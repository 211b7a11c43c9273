/**
 * The explicit training step (`fast-step.ts`) as one call into a small hand-written wasm module
 * (`native/mlp-step.c`): the weights, the optimiser state and the batch live in that module's
 * memory, every layer skips the inputs that are zero (one-hot columns, relu zeros), and there is
 * no tfjs kernel call per step at all. tfjs-wasm's matMuls alone took about 2.3 ms of a 3.7 ms
 * adult step; see bench/README.md, train-mlp.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import type { FastStepOptions, Slot } from './fast-step.js';
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
 * A step over weights in a wasm instance of its own, or undefined when the module cannot load
 * (the caller then uses `createFastStep`). `sync()` writes the weights back into the model's variables.
 *
 * @example
 * const step = createWasmStep(tf, slots, { task: 'classification', classes: 2, optimizer: 'adam', learningRate: 0.001, l2: 0 }, 256);
 * const { loss, correct } = step!.step(x, y, n);
 */
export function createWasmStep(tf: typeof tfTypes, slots: Slot[], o: FastStepOptions, maxBatch: number) {
  const module = slots.length <= MAX_LAYERS ? mlpStepModule() : undefined;
  if (!module) return undefined;
  const w = new wasmApi!.Instance(module, { env: { log: Math.log, pow: Math.pow } }).exports as unknown as MlpStepExports;
  const scratch = w.alloc(8 * (2 * slots.length + 1));
  new Int32Array(w.memory.buffer, scratch, slots.length + 1).set([slots[0].inputs, ...slots.map((s) => s.units)]);
  new Int32Array(w.memory.buffer, scratch + 4 * (slots.length + 1), slots.length).set(slots.map((s) => (s.relu ? 1 : 0)));
  const net = w.create(slots.length, scratch, scratch + 4 * (slots.length + 1), maxBatch);
  if (!net) return undefined;
  w.configure(
    net,
    o.task === 'classification' ? 0 : 1,
    o.classes,
    OPTIMIZER_CODES[o.optimizer],
    o.learningRate,
    o.l2,
    tf.backend().epsilon(),
    o.classWeights ? 1 : 0,
  );
  // All memory is allocated by now: these views stay valid (the memory never grows after create).
  const params = new Float32Array(w.memory.buffer, w.params(net), w.size(net));
  const inputs = new Float32Array(w.memory.buffer, w.inputs(net), maxBatch * slots[0].inputs);
  const targets = new Float32Array(w.memory.buffer, w.targets(net), maxBatch);
  if (o.classWeights) new Float32Array(w.memory.buffer, w.class_weights(net), o.classes).set(o.classWeights);
  for (const s of slots) {
    params.set(s.kernel.dataSync() as Float32Array, s.kernelAt);
    params.set(s.bias.dataSync() as Float32Array, s.biasAt);
  }
  return {
    /** The batch buffers in the module's memory: rows written here need no copy in `step`. */
    inputs,
    targets,
    /** One step on the first `n` rows of `x` (row-major) and `y`; the loss before the update, and the correct predictions. */
    step(x: Float32Array, y: Float32Array, n: number): { loss: number; correct: number } {
      if (x !== inputs) inputs.set(x.subarray(0, n * slots[0].inputs));
      if (y !== targets) targets.set(y.subarray(0, n));
      w.step(net, n);
      return { loss: w.loss(net), correct: w.correct(net) };
    },
    /** Writes the current weights into the model's variables. */
    sync(): void {
      for (const s of slots) {
        tf.tidy(() => {
          s.kernel.assign(tf.tensor2d(params.slice(s.kernelAt, s.biasAt), [s.inputs, s.units]));
          s.bias.assign(tf.tensor1d(params.slice(s.biasAt, s.biasAt + s.units)));
        });
      }
    },
  };
}
