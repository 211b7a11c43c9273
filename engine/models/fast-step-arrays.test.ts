import { describe, expect, it } from 'vitest';
import { readValues } from './fast-step-arrays.js';
import { getTf, loadFullTf } from './tf-backend.js';

describe('readValues', () => {
  it('reads a result as a view into the wasm heap, without the copy dataSync makes', async () => {
    const { tf, backend } = await getTf();
    expect(backend.name).toBe('wasm');
    const t = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]));
    const view = readValues(tf, t);
    // [1 2; 3 4] x [5 6; 7 8], by hand.
    expect(Array.from(view)).toEqual([19, 22, 43, 50]);
    const copy = t.dataSync() as Float32Array;
    expect(copy.buffer).not.toBe(view.buffer);
    // The view shares the heap's memory: a later write by a kernel would show through it.
    expect(view.buffer.byteLength).toBeGreaterThan(1 << 20);
    t.dispose();
  });

  it('falls back to dataSync on a backend without a heap (cpu)', async () => {
    const { tf } = await getTf();
    // The CPU backend comes with the full package (getTf loads core and layers only).
    loadFullTf();
    await tf.setBackend('cpu');
    try {
      const t = tf.tensor1d([1.5, -2]);
      expect(Array.from(readValues(tf, t))).toEqual([1.5, -2]);
      t.dispose();
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
