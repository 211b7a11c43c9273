import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeOnnx } from './onnx/onnx-decode.js';
import { buildOnnxModel } from './onnx/onnx-export.js';
import { buildNetwork, denseWeights } from './network.js';
import type { FittedEncoding } from './preprocessing.js';
import { getTf, loadFullTf, tfBackendVersions } from './tf-backend.js';
import { loadLayersModel, saveLayersModel } from './tf-io.js';

const requireHere = createRequire(import.meta.url);

describe('TensorFlow.js backend choice', () => {
  it('falls back past the missing tfjs-node to wasm with SIMD, and says why', async () => {
    const { tf, backend } = await getTf();
    // @tensorflow/tfjs-node is an optional dependency that cannot be installed on this machine.
    expect(backend.skipped[0]).toMatch(/^tfjs-node: not installed/);
    expect(backend.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backend.label).toBe('wasm (SIMD)');
    expect(await tfBackendVersions()).toEqual({ 'tensorflow.js backend': 'wasm (SIMD)' });
  });
});

describe('what getTf loads', () => {
  it('loads tfjs-core and tfjs-layers, not the union package, until a tape or a tensor method asks for it', async () => {
    const { tf } = await getTf();
    const loaded = () => Object.keys(requireHere.cache).some((f) => f.endsWith(join('@tensorflow', 'tfjs', 'dist', 'tf.node.js')));
    const unionVersion = (JSON.parse(readFileSync(requireHere.resolve('@tensorflow/tfjs/package.json'), 'utf8')) as { version: string }).version;
    expect(tf.version.tfjs).toBe(unionVersion);
    expect(loaded()).toBe(false);
    const x = tf.tensor1d([1, 2]);
    expect(typeof (x as unknown as { mul?: unknown }).mul).toBe('undefined');
    loadFullTf();
    expect(loaded()).toBe(true);
    // The same tfjs-core: the tensors made before gain the methods, and the gradients work on them.
    expect(Array.from(x.mul(x).dataSync())).toEqual([1, 4]);
    const gradient = tf.grad((v) => v.square().sum());
    expect(Array.from(gradient(x).dataSync())).toEqual([2, 4]);
    x.dispose();
  });
});

describe('model files', () => {
  it('saves model.json + weights.bin atomically and loads the same predictions back', async () => {
    const { tf } = await getTf();
    const model = buildNetwork(tf, { kind: 'mlp', hidden: [8], activation: 'tanh', inputSize: 3, outputSize: 2, task: 'classification', seed: 3 });
    const dir = mkdtempSync(join(tmpdir(), 'tf-io-'));
    await saveLayersModel(model, dir);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadLayersModel(dir);
    const x = tf.tensor2d([
      [0.1, -2, 3],
      [1, 1, 1],
    ]);
    const a = (model.predict(x) as typeof x).dataSync();
    const b = (loaded.predict(x) as typeof x).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    // 3*8 + 8 + 8*2 + 2 = 50 float32 weights, 4 bytes each.
    expect(statSync(join(dir, 'weights.bin')).size).toBe(200);
  });

  it('exports the scaling as Sub/Div and each layer as Gemm + activation', async () => {
    const { tf } = await getTf();
    const model = buildNetwork(tf, { kind: 'mlp', hidden: [4, 4], activation: 'relu', inputSize: 2, outputSize: 3, task: 'classification', seed: 1 });
    const spec = {
      encodedNames: ['a', 'b'],
      scaleMean: [1, 2],
      scaleStd: [3, 4],
      target: { name: 'y', sourceType: 'VARCHAR', task: 'classification', labels: ['p', 'q', 'r'] },
    } as unknown as FittedEncoding;
    const decoded = decodeOnnx(buildOnnxModel(spec, denseWeights(model), { producerVersion: 'test' }));
    expect(decoded.graph.node.map((n) => n.op_type)).toEqual(['Sub', 'Div', 'Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Softmax']);
    expect(decoded.graph.input[0].name).toBe('features');
    expect(decoded.opset_import[0].version).toBe(13);
  });
});
