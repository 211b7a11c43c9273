/**
 * Lineage of a package from what a run offers: the run and node ids, and from the model's
 * training.json the input tables' fingerprints, the seed, the backend and the tfjs version.
 * What none of these hold is named in `missing` (a node run outside an engine run has no
 * document hash).
 */
import { createRequire } from 'node:module';
import { readTrainingSummary } from '../model-files.js';
import type { Lineage } from './manifest.js';

function versionOf(pkg: string): string | undefined {
  try {
    return (createRequire(import.meta.url)(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

export async function lineageOf(modelDir: string, run: { runId?: string; nodeId?: string; pipelineHash?: string }): Promise<Lineage> {
  const training = await readTrainingSummary(modelDir);
  const missing: string[] = [];
  if (!run.runId) missing.push('runId');
  if (!run.pipelineHash) missing.push('pipelineHash');
  const inputs = training
    ? Object.entries(training.data).flatMap(([role, d]) => (d ? [{ role, table: d.table, rows: d.rows, fingerprint: d.fingerprint }] : []))
    : [];
  if (!training) missing.push('training.json (inputs, seed, backend)');
  const seed = typeof training?.params.seed === 'number' ? training.params.seed : undefined;
  if (training && seed === undefined) missing.push('seed');
  const libraries: Record<string, string> = {};
  if (training?.tfjsVersion) libraries['@tensorflow/tfjs'] = training.tfjsVersion;
  for (const pkg of ['onnxruntime-node', '@duckdb/node-api']) {
    const v = versionOf(pkg);
    if (v) libraries[pkg] = v;
  }
  return { runId: run.runId, nodeId: run.nodeId, pipelineHash: run.pipelineHash, inputs, seed, backend: training?.backend, libraries, missing };
}
