/**
 * Batched inference with a tfjs model. `predict` with its default batch of 32 is slow on wasm, so
 * rows go through in large chunks, with a progress callback and the abort signal between chunks.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { getTf } from './tf-backend.js';
import type { FittedEncoding } from './preprocessing.js';

export const PREDICT_CHUNK = 8192;

/**
 * Runs the network on scaled rows; returns row-major outputs (class probabilities, or the regression
 * value mapped back to the target's units).
 *
 * @example
 * const probs = await predictRows(model, spec, x, rows, { onProgress: (done) => ctx.progress(done / rows, `${done} rows scored`) });
 */
export async function predictRows(
  model: tfTypes.LayersModel,
  spec: FittedEncoding,
  x: Float32Array,
  rows: number,
  options: { signal?: AbortSignal; onProgress?: (done: number) => void; chunk?: number } = {},
): Promise<{ outputs: Float32Array; width: number }> {
  const { tf } = await getTf();
  const inputSize = spec.encodedNames.length;
  const width = spec.target.task === 'classification' ? (spec.target.labels?.length ?? 0) : 1;
  const out = new Float32Array(rows * width);
  const chunk = options.chunk ?? PREDICT_CHUNK;
  const outputName = model.outputs[0].name;
  for (let start = 0; start < rows; start += chunk) {
    options.signal?.throwIfAborted();
    const n = Math.min(chunk, rows - start);
    // `execute` runs the same graph as `predict` without its copy of the input into one slice per
    // batch; the tensor (not its data) leaves `tidy`, which otherwise walks every element of the
    // returned array looking for tensors (about 6 ms per 8,192 rows).
    const result = tf.tidy(() => {
      const input = tf.tensor2d(x.subarray(start * inputSize, (start + n) * inputSize), [n, inputSize]);
      return model.execute(input, outputName) as tfTypes.Tensor;
    });
    try {
      out.set(result.dataSync() as Float32Array, start * width);
    } finally {
      result.dispose();
    }
    options.onProgress?.(start + n);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (spec.target.task === 'regression') toTargetUnits(spec, out);
  return { outputs: out, width };
}

/** Maps scaled regression outputs back to the target's units, in place (the network learns the standardised target). */
export function toTargetUnits(spec: Pick<FittedEncoding, 'target'>, out: Float32Array): Float32Array {
  const mean = spec.target.mean ?? 0;
  const std = spec.target.std ?? 1;
  for (let i = 0; i < out.length; i++) out[i] = out[i] * std + mean;
  return out;
}
