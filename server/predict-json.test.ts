/** The hand-written /predict JSON against V8's JSON.stringify of the same answer object. */
import { describe, expect, it } from 'vitest';
import { predictionsWriter } from './predict-json.js';
import type { Prediction } from './score-rows.js';

const answer = (model: { name: string; version: string }, id: string, predictions: Prediction[]) =>
  JSON.stringify({ model: model.name, version: model.version, request_id: id, predictions });

/** Built the way toPredictions builds it: labels in output order. */
const classified = (labels: string[], probs: number[], best: number): Prediction => {
  const probabilities: Record<string, number> = {};
  labels.forEach((l, k) => (probabilities[l] = probs[k]));
  return { prediction: labels[best], probabilities };
};

describe('predictionsWriter', () => {
  it('writes exactly JSON.stringify of a classifier answer, float32 probabilities included', () => {
    const model = { name: 'adult', version: '2026-12-02T01:00:00.000Z', labels: ['<=50K', '>50K'] };
    const f = new Float32Array([0.8123456, 0.18765442, 1e-8, 0.99999994]);
    const predictions = [classified(model.labels, [f[0], f[1]], 0), classified(model.labels, [f[2], f[3]], 1)];
    expect(predictionsWriter(model)('id-1', predictions)).toBe(answer(model, 'id-1', predictions));
  });

  it('orders integer-like labels as JSON.stringify does, escapes odd labels, writes NaN as null', () => {
    const model = { name: 'm "q"', version: '1', labels: ['b', '1', 'a"\\\n', '0', 'é'] };
    const predictions = [classified(model.labels, [0.1, NaN, 0.2, -0, 0.7], 4), classified(model.labels, [1, 0, 0, 0, 0], 2)];
    const written = predictionsWriter(model)('x', predictions);
    expect(written).toBe(answer(model, 'x', predictions));
    expect(written).toContain('"probabilities":{"0":0,"1":null,"b":0.1');
  });

  it('writes a regression answer (no probabilities) and an empty list', () => {
    const model = { name: 'price', version: '3', labels: [] };
    const predictions: Prediction[] = [{ prediction: 12.5 }, { prediction: -0 }, { prediction: 1e21 }];
    expect(predictionsWriter(model)('r', predictions)).toBe(answer(model, 'r', predictions));
    expect(predictionsWriter(model)('r', [])).toBe(answer(model, 'r', []));
  });
});
