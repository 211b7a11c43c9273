/**
 * The adult pipeline as a user runs it: one fresh process loads the engine and the node catalogue
 * (`nodes/index.ts`, as the engine process does), opens a new workspace, runs the document through
 * `createEngine(...).run` (keys, cache, run record, dataset records) and closes. Prints one JSON
 * line: wall ms per phase, each node's own duration, and the wall and processor time from process
 * start until run-finished.
 * Run by adult-pipeline.bench.ts: `node --import tsx bench/adult-pipeline-engine.ts <dataDir>`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADULT_COLUMNS } from '../nodes/testing/test-data.js';

const dataDir = process.argv[2];
// performance.now() counts from process start, so `boot` is Node + tsx before this module ran.
const phases: Record<string, number> = { boot: Math.round(performance.now()) };
let last = performance.now();
const lap = (name: string) => {
  const now = performance.now();
  phases[name] = Math.round(now - last);
  last = now;
};

const { createEngine } = await import('../engine/engine.js');
lap('loadEngine');
const { nodeCatalog } = await import('../nodes/index.js');
lap('loadNodes');

const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, typeVersion: 1, label: id, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  id: `${from}-${to}-${toPort}`,
  source: { node: from, port: fromPort },
  target: { node: to, port: toPort },
});
const imp = (file: string) => ({ path: join(dataDir, file), header: 'no', columnNames: ADULT_COLUMNS, missingMarkers: ['?', ''] });
const doc = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'adult-bench',
  name: 'adult bench',
  nodes: [
    node('importTrain', 'import-dataset', imp('adult-train.csv')),
    node('importTest', 'import-dataset', imp('adult-test.csv')),
    node('fix', 'sql-transform', { sql: "SELECT * REPLACE (rtrim(income, '.') AS income) FROM a" }),
    node('train', 'train', { target: 'income', model: 'linear', epochs: 5, learningRate: 0.01 }),
    node('score', 'score', { batchSize: 8192 }),
    node('evaluate', 'evaluate', {}),
  ],
  edges: [
    edge('importTest', 'table', 'fix', 'a'),
    edge('importTrain', 'table', 'train', 'train'),
    edge('train', 'model', 'score', 'model'),
    edge('fix', 'output', 'score', 'table'),
    edge('score', 'table', 'evaluate', 'scored'),
  ],
};

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const workspaceDir = await mkdtemp(join(tmpdir(), 'adult-bench-'));
const engine = await createEngine({ nodes: nodeCatalog, workspaceDir });
lap('createEngine');
const nodeMs: Record<string, number> = {};
// The run's own overheads: from the call to run-started (checks, cache keys, file fingerprints),
// and from the last node's end to run-finished (cache flush, dataset records, run record).
let startedAt = 0;
let lastNodeAt = 0;
let finishedAt = 0;
let cpuAtFinished = 0;
const record = await engine.run(doc as never, {
  onEvent: (e) => {
    if (e.type === 'run-started') startedAt = performance.now();
    if (e.type === 'node-finished') [nodeMs[e.nodeId], lastNodeAt] = [e.durationMs, performance.now()];
    if (e.type === 'node-failed') console.error(`${e.nodeId} failed: ${e.error.message}`);
    if (e.type === 'run-finished') [finishedAt, cpuAtFinished] = [performance.now(), cpuSeconds(process.cpuUsage())];
  },
});
Object.assign(phases, {
  beforeRunStarted: Math.round(startedAt - last),
  nodes: Math.round(lastNodeAt - startedAt),
  afterLastNode: Math.round(finishedAt - lastNodeAt),
});
lap('run');
await engine.close();
lap('close');
await rm(workspaceDir, { recursive: true, force: true });
if (record.status !== 'succeeded') throw new Error(`the run ${record.status}: ${record.error?.message}`);
console.log(
  JSON.stringify({
    phases,
    nodeMs,
    // From process start, as a user of the CLI waits: wall and processor time (every thread) until run-finished.
    untilFinishedMs: Math.round(finishedAt),
    cpuUntilFinished: cpuAtFinished,
    accuracy: record.metrics['evaluate.accuracy'],
  }),
);
