/**
 * Integrated gradients (Sundararajan et al. 2017) for the networks we train: the gradient of the
 * explained output, averaged along the straight path from a baseline to the row (trapezoid rule),
 * times the row's difference from the baseline. The baseline is the training mean of every encoded
 * column (all zeros after the fitted scaling). Attributions of one-hot columns are summed onto
 * their raw column, so they add up to f(row) - f(baseline) over the raw columns too.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { getTf, loadFullTf } from '../../engine/models/tf-backend.js';

export interface IgResult {
  /** One per encoded column. */
  attributions: Float64Array;
  fx: number;
  fBaseline: number;
  /** Sum of attributions minus (fx - fBaseline): the completeness gap of the finite path. */
  gap: number;
  steps: number;
}

/** The output the network gives, and maps to the explained figure (a class probability, or the value in target units). */
export interface ExplainedOutput {
  index: number;
  scale: number;
  offset: number;
}

async function pathGradientSum(tf: typeof tfTypes, network: tfTypes.LayersModel, x: Float32Array, baseline: Float32Array, out: ExplainedOutput, steps: number) {
  const d = x.length;
  const sum = new Float64Array(d);
  const chunk = 512;
  // A one-hot mask instead of gather: the wasm backend has no gradient kernel for gather.
  const width = (network.outputs[0].shape[1] as number | null) ?? 1;
  const mask = tf.tensor2d(
    Float32Array.from({ length: width }, (_, k) => (k === out.index ? 1 : 0)),
    [1, width],
  );
  const f = (input: tfTypes.Tensor) => (network.apply(input, { training: false }) as tfTypes.Tensor).mul(mask).sum();
  // Gradients and the tensor methods above come with the full package.
  loadFullTf();
  const gradient = tf.grad(f);
  for (let start = 0; start <= steps; start += chunk) {
    const n = Math.min(chunk, steps + 1 - start);
    const points = new Float32Array(n * d);
    for (let k = 0; k < n; k++) {
      const alpha = (start + k) / steps;
      for (let j = 0; j < d; j++) points[k * d + j] = baseline[j] + alpha * (x[j] - baseline[j]);
    }
    const grads = tf.tidy(() => gradient(tf.tensor2d(points, [n, d])).dataSync() as Float32Array);
    for (let k = 0; k < n; k++) {
      const step = start + k;
      const weight = step === 0 || step === steps ? 0.5 : 1;
      for (let j = 0; j < d; j++) sum[j] += weight * grads[k * d + j];
    }
  }
  mask.dispose();
  return sum;
}

function outputOf(tf: typeof tfTypes, network: tfTypes.LayersModel, row: Float32Array, out: ExplainedOutput): number {
  return (
    tf.tidy(() => (network.apply(tf.tensor2d(row, [1, row.length]), { training: false }) as tfTypes.Tensor).dataSync()[out.index]) * out.scale + out.offset
  );
}

/**
 * Doubles the path steps (up to `maxSteps`) until the completeness gap is below `tolerance`: a ReLU
 * network is piecewise linear, so a few kinks on the path can need a finer grid.
 *
 * @example
 * const r = await integratedGradients(network, x, new Float32Array(x.length), { index: 1, scale: 1, offset: 0 }, 128);
 */
export async function integratedGradients(
  network: tfTypes.LayersModel,
  x: Float32Array,
  baseline: Float32Array,
  out: ExplainedOutput,
  steps: number,
  tolerance = 1e-4,
  maxSteps = 4096,
): Promise<IgResult> {
  const { tf } = await getTf();
  const fx = outputOf(tf, network, x, out);
  const fBaseline = outputOf(tf, network, baseline, out);
  let m = steps;
  for (;;) {
    const sum = await pathGradientSum(tf, network, x, baseline, out, m);
    const attributions = Float64Array.from(sum, (g, j) => ((x[j] - baseline[j]) * g * out.scale) / m);
    const gap = attributions.reduce((a, b) => a + b, 0) - (fx - fBaseline);
    if (Math.abs(gap) <= tolerance || m >= maxSteps) return { attributions, fx, fBaseline, gap, steps: m };
    m *= 2;
  }
}
