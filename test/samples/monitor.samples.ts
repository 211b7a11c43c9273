/** Samples of a model in production: drift monitoring and the champion/challenger retrain. */
import { join } from 'node:path';
import { expect } from 'vitest';
import { listModels, promoteModel, registerModel } from '../../engine/models/registry.js';
import type { EndpointValue, MetricsValue, ReportValue } from '../../engine/values.js';
import { readServedIdentity } from '../../hosts/shared/services/service-metrics.js';
import { ROOT } from '../testing/cli-harness.js';
import { table, type Expectations } from './harness.js';

/** Rows of data/adult-holdout.csv the Score nodes keep (see the adult-retrain entry). */
const HOLDOUT_SCORED = 3_000;

/** Version 1 of adult-income in production: a linear model on Clean + Encode/scale (engine/models/fixtures). */
async function registerChampion(workspaceDir: string): Promise<void> {
  const root = join(workspaceDir, 'models');
  const lineage = { inputs: [], libraries: {}, missing: ['runId', 'pipelineHash'] };
  const v1 = await registerModel(root, { name: 'adult-income', modelDir: join(ROOT, 'engine', 'models', 'fixtures', 'adult-linear-v1'), lineage });
  await promoteModel(root, 'adult-income', v1.version, 'production');
}

export const monitorSamples: Expectations = {
  // adult-train.csv: 32,561 rows (<=50K 24,720, >50K 7,841); stratified 20% test = round(24,720*.2) +
  // round(7,841*.2) = 4,944 + 1,568 = 6,512, train 26,049. The held-out rows drift on no column; the
  // shifted copy (age + 15, Self-emp-not-inc rows dropped) on exactly age and workclass (2 of 15), which
  // the gate "drifted_share at most 0.3" lets through. Figures of each test: nodes/monitor (scipy).
  'adult-monitor.pipeline.json': {
    rows: { import: { table: 32_561 }, split: { train: 26_049, test: 6_512 }, monitor: { columns: 15 }, 'monitor-shifted': { columns: 15 } },
    check: async (engine, record) => {
      const workclass = await engine.profile(table(record, 'split', 'test'), ['workclass']);
      const selfEmployed = workclass.columns[0].topValues?.find((t) => t.value === 'Self-emp-not-inc')?.count ?? 0;
      expect((record.nodes.shift.outputs?.output as { rowCount: number }).rowCount).toBe(6_512 - selfEmployed);
      const held = record.nodes.monitor.outputs?.metrics as MetricsValue;
      expect(held.metrics).toMatchObject({ drifted_columns: 0, dataset_drift: 0, columns_compared: 15 });
      const shifted = record.nodes['monitor-shifted'].outputs?.metrics as MetricsValue;
      expect(Object.keys(shifted.groups ?? {}).filter((c) => shifted.groups![c].drifted === 1)).toEqual(['age', 'workclass']);
      expect(shifted.metrics.dataset_drift).toBe(0);
      const gate = (record.nodes.goals.outputs?.report as ReportValue).gate;
      expect(gate?.passed).toBe(true);
      expect(gate?.rules[0].measured).toBeCloseTo(2 / 15, 12);
    },
  },
  // The retrain loop, one round: the champion (the adult-linear-v1 fixture, registered as production
  // before the run) and a linear challenger trained on the same 24,111 rows as adult-train-evaluate,
  // both scored on its 6,028 test rows; the gate's measured figure is the challenger's accuracy minus
  // the champion's, both read from Evaluate. Passing, the challenger becomes version 2 in production,
  // version 1 archived, and Deploy serves version 2 (the service is stopped after the check).
  // Both models are scored on a FIXED holdout, data/adult-holdout.csv: the first 3,000 rows of adult-test
  // (awk 'NR<=3000'; the label's trailing "." removed), none of which trains either model. On the new
  // file's own split a challenger trained on garbled labels would win (its test rows carry the same
  // garbling); on a fixed holdout it loses (test/retrain-loop.test.ts and the e2e show that round).
  'adult-retrain.pipeline.json': {
    rows: {
      import: { table: 32_561 },
      clean: { output: 30_139 },
      split: { train: 24_111, test: 6_028 },
      holdout: { table: 3_000 },
      score: { table: HOLDOUT_SCORED },
      'score-champion': { table: HOLDOUT_SCORED },
    },
    setup: registerChampion,
    check: async (_engine, record, workspace) => {
      const metrics = (record.nodes.evaluate.outputs?.metrics as MetricsValue).metrics;
      expect([metrics.rows, metrics.compare_rows]).toEqual([HOLDOUT_SCORED, HOLDOUT_SCORED]);
      const gate = (record.nodes.goals.outputs?.report as ReportValue).gate;
      expect(gate?.rules[0].measured).toBeCloseTo(metrics.accuracy - metrics.compare_accuracy, 12);
      expect(gate?.passed).toBe(true);
      const registry = join(workspace, 'models');
      expect((await listModels(registry))[0].versions.map((v) => `${v.version}:${v.stage}`)).toEqual(['1:archived', '2:production']);
      const endpoint = record.nodes.deploy.outputs?.endpoint as EndpointValue;
      expect([endpoint.model, endpoint.version]).toEqual(['adult-income', '2']);
      expect(await readServedIdentity(endpoint.url)).toEqual({ model: 'adult-income', version: '2' });
    },
  },
};
