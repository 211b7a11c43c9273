import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { startOrtSoon } from '../../engine/models/onnx/ort-warm-up.js';
import { loadTfSoon } from '../../engine/models/tf-backend.js';
import { trainDef } from './def.js';
import { trainRunner } from './run.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../testing/without-tfjs.fixture.ts');

describe('training without TensorFlow.js', () => {
  it('trains a relu MLP and scores it without loading tfjs in the process; a tanh MLP loads it', () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE], { encoding: 'utf8', timeout: 240_000 });
    expect(out.status, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(report).toMatchObject({ afterTrain: false, afterScore: false, afterTanh: true, reluBackend: 'wasm (SIMD), without TensorFlow.js' });
    // The same bar as train-small.test.ts's tfjs-trained penguins model.
    expect(report.reluAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.reluLog).toEqual([expect.stringMatching(/^ONNX export checked in onnxruntime on \d+ rows: largest difference from the trained weights /)]);
  });

  it('warms up TensorFlow.js only for params that train on it', () => {
    const params = { ...defaultParams(trainDef.params), target: 'income' };
    expect(trainRunner.warmUp?.(params)).toEqual([startOrtSoon]);
    expect(trainRunner.warmUp?.({ ...params, model: 'linear', activation: 'tanh' })).toEqual([startOrtSoon]);
    expect(trainRunner.warmUp?.({ ...params, activation: 'tanh' })).toEqual([startOrtSoon, loadTfSoon]);
    expect(trainRunner.warmUp?.({ ...params, dropout: 0.2 })).toEqual([startOrtSoon, loadTfSoon]);
  });
});
