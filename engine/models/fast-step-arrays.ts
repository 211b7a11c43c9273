/**
 * Reading a tensor's values without a copy, for the explicit-gradient step (`fast-step.ts`):
 * `dataSync` slices a new buffer out of the wasm heap for every read, six reads a step.
 */
import type * as tfTypes from '@tensorflow/tfjs';

/** The part of tfjs-backend-wasm's backend the step uses to read a result without a copy. */
interface HeapBackend {
  typedArrayFromHeap?: (t: tfTypes.TensorInfo) => Float32Array;
}

/**
 * A tensor's values: a view into the wasm heap where the backend has one (no copy, unlike
 * `dataSync`), else `dataSync`. Use the view before the next tfjs call: a heap growth detaches it.
 */
export function readValues(tf: typeof tfTypes, t: tfTypes.Tensor): Float32Array {
  const backend = tf.backend() as unknown as HeapBackend;
  return backend.typedArrayFromHeap ? backend.typedArrayFromHeap(t) : (t.dataSync() as Float32Array);
}
