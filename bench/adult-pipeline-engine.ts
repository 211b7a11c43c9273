/**
 * The adult pipeline as a user runs it: one fresh process loads the engine and the node catalogue
 * (`nodes/index.ts`, as the engine process does), opens a new workspace, runs the document through
 * `createEngine(...).run` (keys, cache, run record, dataset records) and closes. Prints one JSON
 * line: wall ms per phase, each node's own duration, and the wall and processor time from process
 * start until run-finished.
 * Run by adult-pipeline.bench.ts, prebuilt with cli/bundle.mjs (or `node --import tsx bench/adult-pipeline-engine.ts <dataDir>`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adultDocument } from './adult-pipeline-doc.js';

const dataDir = process.argv[2];
// performance.now() counts from process start, so `boot` is Node + tsx (or loading the prebuilt file) before this module ran.
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

const doc = adultDocument(dataDir);

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
