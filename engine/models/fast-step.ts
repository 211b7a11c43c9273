/**
 * A training step with an explicit backward pass, for the common case (dense layers with relu or
 * linear activations, no dropout). The generic step lets tfjs record a tape and runs Adam as tfjs
 * ops: about 175 kernel calls per step for a 64-64 MLP, and on the wasm backend each call costs
 * more than the arithmetic of these small layers. Here the forward pass is three fused
 * matMul+bias+relu kernels, the backward pass about twenty kernels, and the loss, its gradient at
 * the output and the optimiser update run in plain JavaScript over a flat Float32Array of weights
 * (some 11,000 numbers), which is cheaper than a dozen kernel calls per variable.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { readValues } from './fast-step-arrays.js';
import type { OptimizerName } from './fit.js';

/** The weights of one dense layer inside the flat parameter array. */
export interface Slot {
  inputs: number;
  units: number;
  kernel: tfTypes.Variable;
  bias: tfTypes.Variable;
  kernelAt: number;
  biasAt: number;
  relu: boolean;
}

export interface FastStepOptions {
  task: 'classification' | 'regression';
  classes: number;
  optimizer: OptimizerName;
  learningRate: number;
  l2: number;
  classWeights?: Float32Array;
}

/** Layers the fast step can train: dense, relu or linear activation. Undefined when it cannot. */
export function fastSlots(layers: { kernel: tfTypes.Variable; bias: tfTypes.Variable; activation: string }[]): Slot[] | undefined {
  if (!layers.every((l) => l.activation === 'relu' || l.activation === 'linear')) return undefined;
  let at = 0;
  return layers.map((l) => {
    const [inputs, units] = l.kernel.shape as [number, number];
    const slot = { inputs, units, kernel: l.kernel, bias: l.bias, kernelAt: at, biasAt: at + inputs * units, relu: l.activation === 'relu' };
    at += inputs * units + units;
    return slot;
  });
}

/** Writes the transpose of the first `rows` rows of row-major `src` (width `cols`) into the front of `dst`. */
function transposeInto(dst: Float32Array, src: Float32Array, rows: number, cols: number): Float32Array {
  const out = dst.subarray(0, rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
  return out;
}

/** Column sums of the `n` x `units` row-major `delta` into `out` (wasm's Sum over rows transposes first and costs more). */
function biasGradient(out: Float32Array, delta: Float32Array, n: number, units: number): void {
  out.fill(0);
  for (let row = 0; row < n; row++) for (let c = 0; c < units; c++) out[c] += delta[row * units + c];
}

/** tfjs's own Adam and RMSProp defaults, so both steps train the same model. */
const BETA1 = 0.9;
const BETA2 = 0.999;
const RMS_DECAY = 0.9;

/**
 * A step function over flat JS weights; `sync()` writes them back into the model's variables
 * (before validation, early-stopping snapshots and the end of training).
 *
 * @example
 * const fast = createFastStep(tf, slots, { task: 'classification', classes: 2, optimizer: 'adam', learningRate: 0.001, l2: 0 });
 * const { loss, correct } = fast.step(x, y, n);
 */
export function createFastStep(tf: typeof tfTypes, slots: Slot[], o: FastStepOptions) {
  const last = slots[slots.length - 1];
  const size = last.biasAt + last.units;
  const params = new Float32Array(size);
  for (const s of slots) {
    params.set(s.kernel.dataSync() as Float32Array, s.kernelAt);
    params.set(s.bias.dataSync() as Float32Array, s.biasAt);
  }
  const grads = new Float32Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const epsilon = tf.backend().epsilon();
  const transposed = slots.map((s) => new Float32Array(s.inputs * s.units));
  let t = 0;

  function update(): void {
    t++;
    if (o.l2 > 0) {
      for (const s of slots) for (let i = s.kernelAt; i < s.biasAt; i++) grads[i] += 2 * o.l2 * params[i];
    }
    const lr = o.learningRate;
    if (o.optimizer === 'adam') {
      const c1 = 1 - Math.pow(BETA1, t);
      const c2 = 1 - Math.pow(BETA2, t);
      for (let i = 0; i < size; i++) {
        const g = grads[i];
        m[i] = BETA1 * m[i] + (1 - BETA1) * g;
        v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
        params[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
      }
    } else if (o.optimizer === 'rmsprop') {
      for (let i = 0; i < size; i++) {
        const g = grads[i];
        v[i] = RMS_DECAY * v[i] + (1 - RMS_DECAY) * g * g;
        params[i] -= (lr * g) / Math.sqrt(v[i] + epsilon);
      }
    } else {
      for (let i = 0; i < size; i++) params[i] -= lr * grads[i];
    }
  }

  /** Loss (mean over the batch, weighted, plus the L2 term) and the gradient at the output, from the outputs read back. */
  function outputGradient(out: Float32Array, y: Float32Array, n: number, d: Float32Array): { loss: number; correct: number } {
    let loss = 0;
    let correct = 0;
    if (o.task === 'classification') {
      const k = o.classes;
      for (let r = 0; r < n; r++) {
        const row = r * k;
        const label = y[r];
        let best = 0;
        for (let c = 1; c < k; c++) if (out[row + c] > out[row + best]) best = c;
        if (best === label) correct++;
        const max = out[row + best];
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(out[row + c] - max);
        const w = o.classWeights ? o.classWeights[label] : 1;
        loss += w * (max + Math.log(sum) - out[row + label]);
        for (let c = 0; c < k; c++) d[row + c] = ((w * Math.exp(out[row + c] - max)) / sum - (c === label ? w : 0)) / n;
      }
    } else {
      for (let r = 0; r < n; r++) {
        const e = out[r] - y[r];
        loss += e * e;
        d[r] = (2 * e) / n;
      }
    }
    loss /= n;
    if (o.l2 > 0) {
      let sq = 0;
      for (const s of slots) for (let i = s.kernelAt; i < s.biasAt; i++) sq += params[i] * params[i];
      loss += o.l2 * sq;
    }
    return { loss, correct };
  }

  let dBuffer = new Float32Array(0);
  let xT = new Float32Array(0);

  return {
    /** One step on the first `n` rows of `x` (row-major) and `y`; the loss before the update, and the correct predictions. */
    step(x: Float32Array, y: Float32Array, n: number): { loss: number; correct: number } {
      const result = tf.tidy(() => {
        const kernels = slots.map((s) => tf.tensor2d(params.subarray(s.kernelAt, s.biasAt), [s.inputs, s.units]));
        const biases = slots.map((s) => tf.tensor1d(params.subarray(s.biasAt, s.biasAt + s.units)));
        const acts: tfTypes.Tensor2D[] = [tf.tensor2d(x.subarray(0, n * slots[0].inputs), [n, slots[0].inputs])];
        slots.forEach((s, i) =>
          acts.push(tf.fused.matMul({ a: acts[i], b: kernels[i], bias: biases[i], activation: s.relu ? 'relu' : 'linear' }) as tfTypes.Tensor2D),
        );
        const out = readValues(tf, acts[slots.length]);
        if (dBuffer.length < out.length) dBuffer = new Float32Array(out.length);
        const d = dBuffer.subarray(0, out.length);
        const r = outputGradient(out, y, n, d);
        biasGradient(grads.subarray(last.biasAt, last.biasAt + last.units), d, n, last.units);
        let delta: tfTypes.Tensor2D = tf.tensor2d(d, [n, last.units]);
        for (let i = slots.length - 1; i >= 0; i--) {
          const s = slots[i];
          // Explicit transposes: tfjs-wasm's transposed matMul is several times slower than transpose + matMul.
          // The input's transpose is built in JS, where it costs less than a kernel call.
          if (i === 0 && xT.length < n * s.inputs) xT = new Float32Array(n * s.inputs);
          const inputT = i === 0 ? tf.tensor2d(transposeInto(xT, x, n, s.inputs), [s.inputs, n]) : tf.transpose(acts[i]);
          grads.set(readValues(tf, tf.matMul(inputT, delta)), s.kernelAt);
          if (i === 0) break;
          const kt = transposed[i];
          for (let a = 0; a < s.inputs; a++) for (let b = 0; b < s.units; b++) kt[b * s.inputs + a] = params[s.kernelAt + a * s.units + b];
          delta = tf.matMul(delta, tf.tensor2d(kt, [s.units, s.inputs]));
          if (slots[i - 1].relu) delta = tf.mul(delta, tf.step(acts[i])) as tfTypes.Tensor2D;
          // The previous layer's bias gradient now, from a view into the heap, before a later call can move it.
          const below = slots[i - 1];
          biasGradient(grads.subarray(below.biasAt, below.biasAt + below.units), readValues(tf, delta), n, below.units);
        }
        return r;
      });
      update();
      return result;
    },
    /** Writes the current weights into the model's variables. */
    sync(): void {
      for (const s of slots) {
        tf.tidy(() => {
          s.kernel.assign(tf.tensor2d(params.subarray(s.kernelAt, s.biasAt), [s.inputs, s.units]));
          s.bias.assign(tf.tensor1d(params.subarray(s.biasAt, s.biasAt + s.units)));
        });
      }
    },
  };
}
