/**
 * The adult pipeline node by node in one process, on an in-memory database, without the engine:
 * import adult-train and adult-test, strip the test labels' ".", train logistic regression, score,
 * evaluate. Timed after the module imports (libraries a node loads on first use, such as
 * TensorFlow.js, load inside the timed part: during an earlier node's long statement when the node
 * has a warm-up, as in the engine, else inside its step), as the pandas script is timed after its imports. Prints one
 * JSON line. Run by adult-pipeline.bench.ts, prebuilt with cli/bundle.mjs (or
 * `node --import tsx bench/adult-pipeline-nodes.ts <dataDir>`).
 */
import { openDataPlane } from '../engine/data/data-plane.js';
import { defaultParams } from '../engine/node-def.js';
import { createFakeContext } from '../engine/testing/fake-context.js';
import { importDatasetDef } from '../nodes/import-dataset/def.js';
import { importDatasetRunner } from '../nodes/import-dataset/run.js';
import { sqlTransformDef } from '../nodes/sql-transform/def.js';
import { sqlTransformRunner } from '../nodes/sql-transform/run.js';
import { ADULT_COLUMNS } from '../nodes/testing/test-data.js';
import { trainDef } from '../nodes/train/def.js';
import { trainRunner } from '../nodes/train/run.js';
import { scoreRunner } from '../nodes/score/run.js';
import { evaluateRunner } from '../nodes/evaluate/run.js';
import type { MetricsValue } from '../engine/values.js';
import { wantWarmUp } from '../engine/warm-up.js';

const dataDir = process.argv[2];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
// Per-step wall times (ms), so the output says which step the time went to.
const steps: Record<string, number> = {};
let last = t0;
const lap = (name: string) => {
  const now = performance.now();
  steps[name] = Math.round(now - last);
  last = now;
};
const trainParams = { ...defaultParams(trainDef.params), target: 'income', model: 'linear' as const, epochs: 5, learningRate: 0.01 };
const scoreParams = { runtime: 'auto' as const, batchSize: 8192 };
// As the engine does when a run starts (engine-run.ts): later nodes' warm-ups (ONNX Runtime for Train's
// check and Score, TensorFlow.js where Train's params train on it) run during an earlier node's long
// DuckDB statement, each work once. Train and Score are the nodes here with warm-ups.
const works = new Set([...(trainRunner.warmUp?.(trainParams) ?? []), ...(scoreRunner.warmUp?.(scoreParams) ?? [])]);
const releaseWarmUps = [...works].map((work) => wantWarmUp(work));
const data = await openDataPlane(':memory:');
lap('open');
const c = (id: string) => createFakeContext(data, { nodeId: id });
const imp = (file: string, id: string) =>
  importDatasetRunner.run(
    c(id),
    {},
    { ...defaultParams(importDatasetDef.params), path: `${dataDir}/${file}`, header: 'no', columnNames: ADULT_COLUMNS, missingMarkers: ['?', ''] },
  );
const train = (await imp('adult-train.csv', 'imp_train')).table;
lap('importTrain');
const rawTest = (await imp('adult-test.csv', 'imp_test')).table;
lap('importTest');
const fixSql = "SELECT * REPLACE (rtrim(income, '.') AS income) FROM a";
const test = (await sqlTransformRunner.run(c('fix'), { a: rawTest }, { ...defaultParams(sqlTransformDef.params), sql: fixSql })).output;
lap('fix');
const t1 = performance.now();
const trainCtx = c('train');
const model = (await trainRunner.run(trainCtx, { train }, trainParams)).model;
lap('train');
const t2 = performance.now();
const scored = (await scoreRunner.run(c('score'), { model, table: test }, scoreParams)).table;
lap('score');
const metrics = (await evaluateRunner.run(c('eval'), { scored }, { target: '' })).metrics as MetricsValue;
lap('evaluate');
const t3 = performance.now();
const cpu = process.cpuUsage(cpu0);
releaseWarmUps.forEach((release) => release());
// The Train node's own split: "time: preparing data 0.38 s, training 1.68 s, saving + ONNX export + check 0.18 s".
const trainSplit = trainCtx.logs.map((l) => l.message).find((m) => m.startsWith('time: ')) ?? '';
console.log(
  JSON.stringify({
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    seconds: (t3 - t0) / 1000,
    importSeconds: (t1 - t0) / 1000,
    trainSeconds: (t2 - t1) / 1000,
    evalSeconds: (t3 - t2) / 1000,
    accuracy: metrics.metrics.accuracy,
    rows: metrics.metrics.rows,
    steps,
    trainSplit,
  }),
);
data.close();
