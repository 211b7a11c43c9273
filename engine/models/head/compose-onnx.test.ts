/**
 * Composition where every name clashes: a head composed onto a graph our own exporter wrote (both
 * have `features`, `scaled`, `dense_W`, `probabilities` ...) still equals running the two in turn.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildOnnxModel, type DenseLayer } from '../onnx/onnx-export.js';
import type { FittedEncoding } from '../preprocessing.js';
import { composeHead, EXTRA_INPUT } from './compose-onnx.js';

const encoding = (width: number): FittedEncoding => ({
  features: [],
  target: { name: 'y', sourceType: 'VARCHAR', task: 'classification', labels: ['a', 'b'] },
  encodedNames: Array.from({ length: width }, (_, k) => `x${k}`),
  scaleMean: Array.from({ length: width }, (_, k) => 0.5 * k),
  scaleStd: Array.from({ length: width }, (_, k) => 1 + k),
  fittedOn: { table: 't', rows: 0, fingerprint: '' },
});

/** A dense layer with fixed, uneven weights (no randomness: the figures are the same every run). */
const dense = (name: string, inputs: number, units: number, activation: string): DenseLayer => ({
  name,
  activation,
  inputs,
  units,
  kernel: Float32Array.from({ length: inputs * units }, (_, i) => Math.sin(i + 1) * 0.7),
  bias: Float32Array.from({ length: units }, (_, i) => 0.1 * i - 0.05),
});

async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  const path = join(mkdtempSync(join(tmpdir(), 'ls-compose-')), 'm.onnx');
  writeFileSync(path, bytes);
  return ort.InferenceSession.create(path);
}

describe('composeHead', () => {
  it('renames the head so clashing names stay apart, and equals the premade graph then the head within 1e-6', async () => {
    const premade = buildOnnxModel(encoding(3), [dense('dense', 3, 4, 'relu'), dense('out', 4, 2, 'linear')], { producerVersion: 'test' });
    const head = buildOnnxModel(encoding(3), [dense('dense', 3, 5, 'tanh'), dense('out', 5, 2, 'linear')], { producerVersion: 'test' });
    const composed = composeHead(premade, head, { featureOutput: 'probabilities', extraWidth: 1 });
    const rows = 7;
    const x = Float32Array.from({ length: rows * 3 }, (_, i) => Math.cos(i) * 3);
    const extra = Float32Array.from({ length: rows }, (_, i) => i - 3);

    const one = await session(composed);
    expect(one.inputNames).toEqual(['features', EXTRA_INPUT]);
    const got = (await one.run({ features: new ort.Tensor('float32', x, [rows, 3]), [EXTRA_INPUT]: new ort.Tensor('float32', extra, [rows, 1]) }))[
      one.outputNames[0]
    ].data as Float32Array;

    const first = await session(premade);
    const second = await session(head);
    const p = (await first.run({ features: new ort.Tensor('float32', x, [rows, 3]) })).probabilities.data as Float32Array;
    const joined = new Float32Array(rows * 3);
    for (let r = 0; r < rows; r++) joined.set([p[2 * r], p[2 * r + 1], extra[r]], 3 * r);
    const want = (await second.run({ features: new ort.Tensor('float32', joined, [rows, 3]) })).probabilities.data as Float32Array;
    expect(got).toHaveLength(rows * 2);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-6);
  });

  it('names the premade outputs when the chosen one is not there', () => {
    const premade = buildOnnxModel(encoding(2), [dense('out', 2, 2, 'linear')], { producerVersion: 'test' });
    expect(() => composeHead(premade, premade, { featureOutput: 'embedding', extraWidth: 0 })).toThrow(
      /has no output "embedding"; its outputs are probabilities/,
    );
  });
});
