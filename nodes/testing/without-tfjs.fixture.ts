/**
 * Trains and scores penguins in a fresh process and prints, as one JSON line, whether TensorFlow.js
 * was loaded after each step: a relu MLP (trained as plain layers, scored with ONNX Runtime), then a
 * tanh MLP (which trains on tfjs). Run by without-tfjs.test.ts in a child process, because the
 * module cache of a test worker is shared with other test files.
 */
import { createRequire } from 'node:module';
import { openDataPlane } from '../../engine/data/data-plane.js';
import { loadSplit } from './test-datasets.js';
import { scoreAndEvaluate, trainOn } from './train-test-kit.js';

const cache = createRequire(import.meta.url).cache;
const tfLoaded = () => Object.keys(cache).some((f) => f.includes('@tensorflow/tfjs-core'));
const data = await openDataPlane(':memory:');
const penguins = await loadSplit(data, 'penguins', 'penguins.csv');
const params = { target: 'species', epochs: 30, batchSize: 32, learningRate: 0.01 };
const relu = await trainOn(data, penguins.train, params);
const afterTrain = tfLoaded();
const scored = await scoreAndEvaluate(data, relu.model, penguins.test);
const afterScore = tfLoaded();
const tanh = await trainOn(data, penguins.train, { ...params, activation: 'tanh' });
const report = {
  afterTrain,
  afterScore,
  reluBackend: relu.model.summary.backend,
  reluAccuracy: scored.metrics.metrics.accuracy,
  reluLog: relu.ctx.logs.map((l) => l.message).filter((m) => m.startsWith('ONNX export checked')),
  afterTanh: tfLoaded(),
  tanhBackend: tanh.model.summary.backend,
};
data.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
