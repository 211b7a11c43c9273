/** The cluster sample, run on this machine (test/argo/argo-proof.test.ts shows an exported workflow replayed task by task gives the in-process figures, on adult-train-evaluate). */
import { join } from 'node:path';
import { expect } from 'vitest';
import { listModels } from '../../engine/models/registry.js';
import type { MetricsValue, ReportValue } from '../../engine/values.js';
import type { Expectations } from './harness.js';
import { adultEncodedCounts } from './lifecycle.samples.js';

export const clusterSamples: Expectations = {
  // The adult-lifecycle pipeline without Deploy (figures and reference in lifecycle.samples.ts): 6,028
  // test rows, accuracy at least 0.83, the three goals pass, Package registers version 1 in production.
  'adult-cluster.pipeline.json': {
    ...adultEncodedCounts,
    check: async (_engine, record, workspace) => {
      const metrics = (record.nodes.evaluate.outputs?.metrics as MetricsValue).metrics;
      expect(metrics.accuracy).toBeGreaterThanOrEqual(0.83);
      const gate = (record.nodes.goals.outputs?.report as ReportValue).gate;
      expect(gate?.rules.map((r) => r.passed)).toEqual([true, true, true]);
      const models = await listModels(join(workspace, 'models'));
      expect(models.map((m) => [m.name, m.versions.map((v) => `${v.version}:${v.stage}`)])).toEqual([['adult-income', ['1:production']]]);
      expect(Object.keys(record.nodes)).not.toContain('deploy');
    },
  },
};
