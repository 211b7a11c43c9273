import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { startOrtSoon, warmUpModel } from './ort-warm-up.js';

describe('the ONNX Runtime warm-up', () => {
  it('builds a model ONNX Runtime loads and runs (y = x), and starting it twice is harmless', async () => {
    const session = await ort.InferenceSession.create(warmUpModel());
    const out = await session.run({ features: new ort.Tensor('float32', Float32Array.of(3.5, -2), [2, 1]) });
    expect(Array.from(out.prediction.data as Float32Array)).toEqual([3.5, -2]);
    await session.release();
    expect(() => {
      startOrtSoon();
      startOrtSoon();
    }).not.toThrow();
  });
});
