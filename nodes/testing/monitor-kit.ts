/**
 * Test helpers for the Monitor node: adult loaded, a model package of the adult fixture model with
 * adult-train's reference statistics, and a runner call with default params plus overrides.
 */
import { join } from 'node:path';
import { lineageOf } from '../../engine/models/package/lineage.js';
import { referenceStatistics, writeModelPackage, type PackageParts } from '../../engine/models/package/index.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { MetricsValue, ModelValue, PortValue, ReportValue, TableValue } from '../../engine/values.js';
import { monitorDef } from '../monitor/def.js';
import { monitorRunner } from '../monitor/run.js';
import { loadAdult } from './test-datasets.js';

const FIXTURE = new URL('../../engine/models/fixtures/adult-linear-v1', import.meta.url).pathname;

export type MonitorParams = ReturnType<typeof defaultParams<typeof monitorDef.params>>;

/** adult-train as `train`, adult-test as `test`, and the package parts of a model trained on adult (accuracy 0.85 as its reference figure). */
export async function adultSetup(ctx: FakeContext): Promise<{ train: TableValue; test: TableValue; parts: PackageParts; model: ModelValue }> {
  const train = await loadAdult(ctx.data, 'train', 'adult-train.csv');
  const test = await loadAdult(ctx.data, 'test', 'adult-test.csv');
  const parts: PackageParts = {
    name: 'adult',
    version: 1,
    modelDir: FIXTURE,
    lineage: await lineageOf(FIXTURE, { runId: 'run-1', nodeId: 'pack' }),
    metrics: { accuracy: 0.85 },
    referenceStats: await referenceStatistics(ctx.data, 'train'),
  };
  const dir = join(ctx.artifactDir, 'adult-1');
  await writeModelPackage(dir, parts);
  return { train, test, parts, model: { kind: 'model', dir, format: 'onnx', target: 'income', summary: {} } };
}

let n = 0;

export async function runMonitor(
  ctx: FakeContext,
  inputs: Partial<Record<'reference' | 'model' | 'current' | 'endpoint' | 'labels', PortValue>>,
  params: Partial<MonitorParams> = {},
) {
  const c = createFakeContext(ctx.data, { nodeId: `monitor${++n}` });
  const out = await monitorRunner.run(
    c,
    { reference: undefined, model: undefined, current: undefined, endpoint: undefined, labels: undefined, ...inputs },
    { ...defaultParams(monitorDef.params), ...params },
  );
  return {
    ctx: c,
    metrics: out.metrics as MetricsValue,
    report: out.report as ReportValue,
    columns: out.columns as TableValue,
    windows: out.windows as TableValue,
    current: out.current as TableValue,
  };
}
