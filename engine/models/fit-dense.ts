/**
 * Training plain dense layers (`dense-network.ts`) in the wasm module, for `fit.ts`'s loop: no
 * TensorFlow.js at all. The layers' arrays hold the weights of the last `sync()`.
 */
import { isBatchSource } from './batch-source.js';
import { denseLogits } from './dense-network.js';
import type { Dataset, FitOptions, Trainer } from './fit.js';
import type { DenseLayer } from './onnx/onnx-export.js';
import { createWasmStep, type WasmLayer } from './wasm-step.js';

/** Mean loss (unweighted cross-entropy, or squared error on the scaled target) and accuracy, as `evaluateLoss` on a tfjs model. */
export function evaluateDense(layers: readonly DenseLayer[], o: Pick<FitOptions, 'task' | 'classes'>, d: Dataset): { loss: number; accuracy?: number } {
  const out = denseLogits(layers, d.x, d.rows);
  const width = o.task === 'classification' ? o.classes : 1;
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < d.rows; r++) {
    const at = r * width;
    if (o.task === 'regression') {
      loss += (out[at] - d.y[r]) ** 2;
      continue;
    }
    let best = 0;
    for (let c = 1; c < width; c++) if (out[at + c] > out[at + best]) best = c;
    let sum = 0;
    for (let c = 0; c < width; c++) sum += Math.exp(out[at + c] - out[at + best]);
    loss += Math.log(sum) - (out[at + d.y[r]] - out[at + best]);
    if (best === d.y[r]) correct++;
  }
  return { loss: loss / d.rows, accuracy: o.task === 'classification' ? correct / d.rows : undefined };
}

/** Where each layer's kernel and bias lie in the wasm step's flat weights, in order. */
export function wasmLayout(layers: readonly Pick<DenseLayer, 'inputs' | 'units' | 'activation'>[]): WasmLayer[] {
  let at = 0;
  return layers.map((l) => {
    const slot = { inputs: l.inputs, units: l.units, relu: l.activation === 'relu', kernelAt: at, biasAt: at + l.inputs * l.units };
    at = slot.biasAt + l.units;
    return slot;
  });
}

/** Writes the layers' weights into the step's flat array. */
export function loadWeights(params: Float32Array, layout: readonly WasmLayer[], layers: readonly DenseLayer[]): void {
  layout.forEach((s, i) => {
    params.set(layers[i].kernel, s.kernelAt);
    params.set(layers[i].bias, s.biasAt);
  });
}

/**
 * Trains `layers`' arrays in place (written at each `sync()`).
 *
 * @example
 * const trainer = denseTrainer(initialLayers(spec), options);
 */
export function denseTrainer(layers: DenseLayer[], o: FitOptions): Trainer {
  const layout = wasmLayout(layers);
  const wasm = createWasmStep(layout, o, o.batchSize, isBatchSource(o.train) ? undefined : o.train, o.opened);
  if (!wasm) throw new Error('the wasm training step cannot load here; train this network with TensorFlow.js');
  loadWeights(wasm.params, layout, layers);
  return {
    kind: 'wasm',
    xb: wasm.inputs,
    yb: wasm.targets,
    held: wasm.holdsTrain,
    step: (n) => wasm.step(wasm.inputs, wasm.targets, n),
    stepRows: (order, start, n) => wasm.stepRows(order, start, n),
    sync: () =>
      layout.forEach((s, i) => {
        layers[i].kernel.set(wasm.params.subarray(s.kernelAt, s.biasAt));
        layers[i].bias.set(wasm.params.subarray(s.biasAt, s.biasAt + layers[i].units));
      }),
    evaluate: async (d) => evaluateDense(layers, o, d),
    snapshot: () => {
      const copies = layers.map((l) => [l.kernel.slice(), l.bias.slice()] as const);
      return {
        restore: () => layers.forEach((l, i) => (l.kernel.set(copies[i][0]), l.bias.set(copies[i][1]))),
        dispose: () => undefined,
      };
    },
    dispose: () => undefined,
  };
}
