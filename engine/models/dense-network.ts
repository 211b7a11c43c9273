/**
 * A network as plain dense layers (Float32Array kernels and biases), for the networks the wasm step
 * trains (relu or linear layers, no dropout): built, trained, checked and saved without loading
 * TensorFlow.js, whose load took 0.05-0.08 s of processor time in every fresh process (the engine,
 * a CLI run). The starting weights are the ones `buildNetwork` gives for the same spec, and the saved
 * files are byte for byte what tfjs saves (`dense-network.test.ts` compares both), so either path
 * trains the same model and either runtime reads it.
 */
import { createRequire } from 'node:module';
import { layerPlan, type NetworkSpec } from './network.js';
import type { DenseLayer } from './onnx/onnx-export.js';

const requireCjs = createRequire(import.meta.url);
/** seedrandom's Alea generator: what tfjs-core's seeded `randomUniform` draws from. */
type Alea = (seed: string) => () => number;

/**
 * The spec's layers with tfjs's `glorotUniform({ seed })` kernels and zero biases: the same
 * arithmetic as tfjs's VarianceScaling (fan average, uniform) and UniformRandom, in the same order.
 *
 * @example
 * const layers = initialLayers({ kind: 'linear', hidden: [], activation: 'relu', inputSize: 104, outputSize: 2, task: 'classification', seed: 42 });
 */
export function initialLayers(spec: NetworkSpec): DenseLayer[] {
  const alea = requireCjs('seedrandom/lib/alea.js') as Alea;
  return layerPlan(spec).map((p) => {
    let scale = 1;
    scale /= Math.max(1, (p.inputs + p.units) / 2);
    const limit = Math.sqrt(3 * scale);
    const min = -limit;
    const range = limit - min;
    const random = alea(p.seed.toString());
    const kernel = new Float32Array(p.inputs * p.units);
    for (let i = 0; i < kernel.length; i++) kernel[i] = min + range * random();
    return { name: p.name, activation: p.activation, kernel, bias: new Float32Array(p.units), inputs: p.inputs, units: p.units };
  });
}

/**
 * Whether `initialLayers` and the wasm step can train this network: relu or linear layers and no dropout
 * (the tfjs tape trains the rest).
 */
export function denseTrainable(spec: Pick<NetworkSpec, 'kind' | 'activation'>, dropout: number): boolean {
  return spec.kind === 'linear' || (spec.activation === 'relu' && dropout === 0);
}

/**
 * The last layer's outputs (logits, or the scaled regression value) for `rows` row-major scaled rows.
 * Inputs that are zero (one-hot columns, relu zeros) are skipped, as in the wasm step.
 */
export function denseLogits(layers: readonly DenseLayer[], x: Float32Array, rows: number): Float32Array {
  let input = x;
  for (const l of layers) {
    if (l.activation !== 'relu' && l.activation !== 'linear') throw new Error(`dense layer ${l.name}: activation "${l.activation}" is not relu or linear`);
    const out = new Float32Array(rows * l.units);
    for (let r = 0; r < rows; r++) {
      const o = r * l.units;
      out.set(l.bias, o);
      for (let i = 0; i < l.inputs; i++) {
        const v = input[r * l.inputs + i];
        if (v === 0) continue;
        for (let u = 0, k = i * l.units; u < l.units; u++) out[o + u] += v * l.kernel[k + u];
      }
      if (l.activation === 'relu') for (let u = o; u < o + l.units; u++) out[u] = Math.max(0, out[u]);
    }
    input = out;
  }
  return input;
}

/** Softmax over each row of `width` logits, in place. */
export function softmaxRows(logits: Float32Array, width: number): Float32Array {
  for (let o = 0; o < logits.length; o += width) {
    let max = -Infinity;
    for (let c = 0; c < width; c++) max = Math.max(max, logits[o + c]);
    let sum = 0;
    for (let c = 0; c < width; c++) sum += Math.exp(logits[o + c] - max);
    for (let c = 0; c < width; c++) logits[o + c] = Math.exp(logits[o + c] - max) / sum;
  }
  return logits;
}
