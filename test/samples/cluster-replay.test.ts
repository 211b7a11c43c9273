/**
 * The committed Workflow of the cluster sample, run as Argo would on this machine (test/testing/argo-local.ts:
 * each task its own `lifecycle-studio run-node` process in dependency order, artifacts through a folder
 * standing in for the S3 repository, the data claim a folder holding pipelines-samples/data): every task
 * succeeds, `-p train-epochs` reaches Train, the figures are the sample's (cluster.samples.ts) and the
 * packaged model lands where the README says.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runWorkflowLocally, type WorkflowManifest } from '../testing/argo-local.js';
import { ROOT, tempDir } from '../testing/cli-harness.js';
import { SAMPLES } from './harness.js';

const resolveCommand = (command: string[]) =>
  command[0] === 'lifecycle-studio' ? [process.execPath, join(ROOT, 'cli/bin.mjs'), ...command.slice(1)] : command;

describe('the cluster sample, replayed as Argo runs it', () => {
  it('runs every task, takes -p train-epochs=3, gives the sample figures and leaves the package as an artifact', { timeout: 900_000 }, async () => {
    const manifest = parse(readFileSync(join(SAMPLES, 'cluster', 'adult-cluster.workflow.yaml'), 'utf8')) as WorkflowManifest;
    const root = tempDir('ls-cluster-replay-');
    const result = await runWorkflowLocally(manifest, {
      root,
      // `argo submit ... -p train-epochs=3`, as the README shows (3, not the document's 5: a quicker test).
      parameters: { 'train-epochs': '3' },
      claims: { 'lifecycle-studio-data': join(SAMPLES, 'data') },
      resolveCommand,
    });
    const failures = Object.entries(result.tasks).filter(([, t]) => t.phase !== 'Succeeded');
    expect(failures.map(([n, t]) => `${n}: ${t.phase} ${t.stderr ?? ''}`)).toEqual([]);
    expect(result.order).toEqual(['import', 'clean', 'encode', 'split', 'train', 'score', 'evaluate', 'goals', 'package']);
    const summary = (task: string) =>
      JSON.parse(result.tasks[task].outputs.summary) as { metrics?: Record<string, number>; rowCounts?: Record<string, number> };
    expect(summary('split').rowCounts).toMatchObject({ train: 24_111, test: 6_028 });
    // The parameter reached Train: its history artifact has one loss per epoch.
    const artifact = (task: string, port: string) => join(root, 'repository', 'lifecycle-studio', result.name, task, `${port}.tgz`);
    const history = JSON.parse(readFileSync(join(artifact('train', 'history'), 'value.json'), 'utf8')) as {
      value: { charts: { id: string; series: { points: unknown[] }[] }[] };
    };
    expect(history.value.charts.find((c) => c.id === 'loss')!.series[0].points).toHaveLength(3);
    expect(summary('evaluate').metrics!.accuracy).toBeGreaterThanOrEqual(0.83);
    expect(summary('evaluate').metrics!.rows).toBe(6_028);
    expect(JSON.parse(result.tasks.goals.outputs.summary).gate).toEqual({ passed: true, failedRules: [] });
    // The packaged model is the package task's artifact, as the README says: a model-package folder.
    for (const file of ['manifest.json', 'model.onnx', 'recipe.json', 'model-card.md'])
      expect(existsSync(join(artifact('package', 'model'), 'model', file)), file).toBe(true);
  });
});
