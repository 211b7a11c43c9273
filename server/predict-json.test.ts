/** The hand-written /predict JSON against V8's JSON.stringify of the same answer object. */
import { describe, expect, it } from 'vitest';
import { outputsWriter, predictionsWriter } from './predict-json.js';
import { toPredictions, type Prediction } from './score-rows.js';

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

/** A seeded stream of float32 values in [0, 1), spread over many exponents (1e-9 .. 1), with exact ties. */
function float32s(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const next = () => (a = (Math.imul(a, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Float32Array.from({ length: n }, () => (next() < 0.05 ? 0.5 : next() ** (1 + 8 * next())));
}

describe('outputsWriter', () => {
  // The reference is V8's JSON.stringify of the prediction objects the server built before (toPredictions).
  const reference = (
    model: { name: string; version: string; task: 'classification' | 'regression'; labels: string[] },
    id: string,
    outputs: Float32Array,
    width: number,
  ) => {
    const rows = outputs.length / width;
    return answer(model, id, toPredictions(model, outputs, width, rows));
  };

  it('writes exactly JSON.stringify of the prediction objects of a classifier matrix, ties and odd labels included', () => {
    for (const labels of [
      ['<=50K', '>50K'],
      ['b', '1', 'a"\\\n', '0', 'é'],
      ['x', 'y', 'x'],
    ]) {
      const model = { name: 'adult', version: '7', task: 'classification' as const, labels };
      const outputs = float32s(labels.length * 500, labels.length);
      outputs.fill(0.25, 0, labels.length); // an all-equal row: the first label wins
      const written = outputsWriter(model)('id-9', { outputs, width: labels.length, rows: 500 });
      expect(written.answer).toBe(reference(model, 'id-9', outputs, labels.length));
      expect(written.answer).toBe(predictionsWriter(model)('id-9', toPredictions(model, outputs, labels.length, 500)));
      expect(JSON.parse(written.predictions)).toEqual(JSON.parse(written.answer).predictions);
    }
  });

  it('writes a regression matrix, NaN as null, and zero rows', () => {
    const model = { name: 'price', version: '3', task: 'regression' as const, labels: [] };
    const outputs = new Float32Array([12.5, -0, NaN, 1e21, ...float32s(100, 3)]);
    expect(outputsWriter(model)('r', { outputs, width: 1, rows: outputs.length }).answer).toBe(reference(model, 'r', outputs, 1));
    expect(outputsWriter(model)('r', { outputs: new Float32Array(0), width: 1, rows: 0 })).toEqual({
      answer: reference(model, 'r', new Float32Array(0), 1),
      predictions: '[]',
    });
  });

  it('falls back to the prediction objects when the matrix does not fit the labels', () => {
    const model = { name: 'odd', version: '1', task: 'classification' as const, labels: ['a', 'b', 'c'] };
    const outputs = float32s(20, 5);
    expect(outputsWriter(model)('o', { outputs, width: 2, rows: 10 }).answer).toBe(predictionsWriter(model)('o', toPredictions(model, outputs, 2, 10)));
  });
});
