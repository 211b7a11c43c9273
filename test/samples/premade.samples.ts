/** Samples built on the premade ONNX models in pipelines-samples/data/premade (our own; build-premade.py). */
import { expect } from 'vitest';
import type { MetricsValue, ReportValue } from '../../engine/values.js';
import { counts, table, type Expectations } from './harness.js';

export const premadeSamples: Expectations = {
  // penguins.csv: 344 rows, 2 without any measurement (awk -F, 'NR>1 && $3==""'), left unscored with
  // the reason; the other 342 are scored by the project's own logistic regression
  // (pipelines-samples/data/premade). python3 over scikit-learn's predictions (build-premade.py, and
  // numpy over the float32 weights alike) counts 339 of 342 right: 1 Adelie called Chinstrap, 2
  // Chinstrap called Adelie; predicted Adelie 152, Chinstrap 67, Gentoo 123; Chinstrap recall 66 / 68.
  // The sample's gates (accuracy >= 0.95, Chinstrap recall >= 0.9) pass with room, so they stay as they were.
  'premade-validate.pipeline.json': {
    rows: { import: { table: 344 }, premade: { table: 342, unscored: 2 } },
    check: async (engine, record) => {
      const metrics = record.nodes.evaluate.outputs?.metrics as MetricsValue;
      expect(metrics.metrics.accuracy).toBeCloseTo(339 / 342, 12);
      const gate = (record.nodes.goals.outputs?.report as ReportValue).gate;
      expect(gate?.rules.map((r) => r.passed)).toEqual([true, true]);
      expect(gate?.rules[0].measured).toBeCloseTo(339 / 342, 12);
      expect(gate?.rules[1].measured).toBeCloseTo(66 / 68, 12);
      expect(await counts(engine, table(record, 'premade', 'table'), 'predicted_species')).toEqual({ Adelie: 152, Chinstrap: 67, Gentoo: 123 });
    },
  },
  // adult-train.csv: 32,561 rows (<=50K 24,720, >50K 7,841); stratified 20% test = 4,944 + 1,568 = 6,512, train
  // 26,049. The six numeric inputs have no "?" (the 4,262 rows with one lack a category), so nothing is set
  // apart. The premade model is the project's own MLP on the six numbers (python: 0.826 right on all 32,561
  // rows, build-premade.py); the head also sees the eight categorical columns, so it must beat it.
  'premade-custom-head.pipeline.json': {
    rows: {
      import: { table: 32_561 },
      split: { train: 26_049, test: 6_512 },
      premade: { table: 26_049, unscored: 0 },
      'premade-test': { table: 6_512 },
      head: { table: 6_512 },
    },
    check: async (_engine, record) => {
      const accuracy = (node: string) => (record.nodes[node].outputs?.metrics as MetricsValue).metrics.accuracy;
      expect(accuracy('evaluate-premade')).toBeGreaterThan(0.8);
      expect(accuracy('evaluate-head')).toBeGreaterThan(accuracy('evaluate-premade'));
    },
  },
};
