/**
 * Proof on one machine: the Argo Workflow `export --to argo` writes, executed as Argo would
 * (test/testing/argo-local.ts: each task its own `lifecycle-studio run-node` process, artifacts
 * through a folder standing in for the S3 repository), gives the same metrics as the in-process
 * run of the same pipeline, to the last digit; stops where the local run blocks below a failed
 * gate; and takes `-p` overrides as `--set`. The sample: adult-train-evaluate.
 */
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createEngine, type Engine } from '../../engine/engine.js';
import type { RunRecord } from '../../engine/engine-types.js';
import { nodeCatalog } from '../../nodes/index.js';
import { applySets } from '../../cli/pipeline-file.js';
import { runWorkflowLocally, type LocalWorkflowResult, type WorkflowManifest } from '../testing/argo-local.js';
import { ROOT, runCli, tempDir } from '../testing/cli-harness.js';

const SAMPLES = join(ROOT, 'pipelines-samples');
const SAMPLE = join(SAMPLES, 'adult-train-evaluate.pipeline.json');
const resolveCommand = (command: string[]) =>
  command[0] === 'lifecycle-studio' ? [process.execPath, join(ROOT, 'cli/bin.mjs'), ...command.slice(1)] : command;
const GOALS_99 = JSON.stringify([{ className: '', comparison: 'at-least', metric: 'accuracy', metricName: '', scope: 'overall', threshold: 0.99 }]);

let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = tempDir('argo-proof-');
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: join(dir, 'local-workspace') });
});
afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The in-process run of the pipeline file with `--set` overrides. */
async function localRun(pipeline: string, sets: string[]): Promise<RunRecord> {
  const raw = JSON.parse(await readFile(pipeline, 'utf8')) as unknown;
  expect(applySets(raw, sets)).toEqual([]);
  return engine.run(raw as never, { documentPath: pipeline, force: ['*'] });
}

/** `lifecycle-studio export --to argo`, then the YAML read back and run as Argo would, with `-p` parameters. */
async function argoRun(pipeline: string, name: string, parameters: Record<string, string>): Promise<LocalWorkflowResult> {
  const yamlPath = join(dir, `${name}.yaml`);
  const exported = await runCli([
    'export',
    pipeline,
    '--to',
    'argo',
    '--artifacts',
    's3://proof-bucket/runs',
    '--data-claim',
    'samples-data',
    '--out',
    yamlPath,
  ]);
  expect(exported.stderr).toBe('');
  expect(exported.code).toBe(0);
  const manifest = parse(await readFile(yamlPath, 'utf8')) as WorkflowManifest;
  return runWorkflowLocally(manifest, { root: join(dir, name), parameters, claims: { 'samples-data': join(SAMPLES, 'data') }, resolveCommand });
}

/** The metrics of every task, keyed `<node>.<metric>` as the run record keys them. */
function argoMetrics(result: LocalWorkflowResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [task, t] of Object.entries(result.tasks)) {
    const summary = JSON.parse(t.outputs.summary ?? '{}') as { metrics?: Record<string, number> };
    for (const [k, v] of Object.entries(summary.metrics ?? {})) out[`${task}.${k}`] = v;
  }
  return out;
}

const stepFailures = (result: LocalWorkflowResult) =>
  Object.entries(result.tasks)
    .filter(([, t]) => t.phase !== 'Succeeded')
    .map(([n, t]) => `${n}: ${t.phase} ${t.stderr ?? ''}`);

describe('an exported Argo workflow, run as Argo would on one machine', () => {
  it('gives the metrics of the in-process run to the last digit', { timeout: 900_000 }, async () => {
    const local = await localRun(SAMPLE, []);
    expect(local.status).toBe('succeeded');
    const argo = await argoRun(SAMPLE, 'same', {});
    expect(stepFailures(argo)).toEqual([]);
    expect(argo.phase).toBe('Succeeded');
    expect(argo.order).toEqual(['import', 'clean', 'split', 'train', 'score', 'evaluate', 'goals']);
    expect(Object.keys(local.metrics).length).toBeGreaterThan(5);
    expect(argoMetrics(argo)).toEqual(local.metrics);
    // The row counts travelled too: the test split as the local run made it.
    const split = JSON.parse(argo.tasks.split.outputs.summary) as { rowCounts: Record<string, number> };
    expect(split.rowCounts.test).toBe((local.nodes.split.outputs!.test as { rowCount: number }).rowCount);
  });

  it('-p train-epochs=2 works as --set train.epochs=2', { timeout: 900_000 }, async () => {
    const local = await localRun(SAMPLE, ['train.epochs=2']);
    const argo = await argoRun(SAMPLE, 'epochs', { 'train-epochs': '2' });
    expect(stepFailures(argo)).toEqual([]);
    expect(argoMetrics(argo)).toEqual(local.metrics);
    const fiveEpochs = await localRun(SAMPLE, []);
    expect(local.metrics['evaluate.log_loss']).not.toBe(fiveEpochs.metrics['evaluate.log_loss']);
  });

  it('stops where the local run blocks below a failed gate', { timeout: 900_000 }, async () => {
    const doc = JSON.parse(await readFile(SAMPLE, 'utf8')) as { id: string; nodes: unknown[]; edges: unknown[] };
    doc.id = 'adult-gated';
    doc.nodes.push({ id: 'package', type: 'package-model', typeVersion: 3, params: { name: 'adult-income', stage: 'production' }, position: { x: 0, y: 0 } });
    for (const [from, port, to] of [
      ['train', 'model', 'model'],
      ['goals', 'report', 'report'],
      ['evaluate', 'metrics', 'metrics'],
    ]) {
      doc.edges.push({ id: `${from}-${to}`, source: { node: from, port }, target: { node: 'package', port: to } });
    }
    // The pipeline file sits beside a data folder, as the sample does.
    await mkdir(join(dir, 'gated'), { recursive: true });
    await symlink(join(SAMPLES, 'data'), join(dir, 'gated', 'data'));
    const pipeline = join(dir, 'gated', 'adult-gated.pipeline.json');
    await writeFile(pipeline, JSON.stringify(doc));
    {
      const local = await localRun(pipeline, ['train.epochs=1', `goals.rules=${GOALS_99}`]);
      expect(local.status).toBe('blocked');
      expect(local.nodes.package.status).toBe('blocked');
      const argo = await argoRun(pipeline, 'gated', { 'train-epochs': '1', 'goals-rules': GOALS_99 });
      expect(argo.phase).toBe('Failed');
      const goals = JSON.parse(argo.tasks.goals.outputs.summary) as { status: string; gate: { passed: boolean; failedRules: string[] }; exitCode: number };
      expect(argo.tasks.goals).toMatchObject({ phase: 'Failed', exitCode: 1 });
      expect(goals.gate.passed).toBe(false);
      expect(goals.gate.failedRules).toEqual(local.nodes.goals.outputs!.report.kind === 'report' ? failedRules(local) : []);
      expect(argo.tasks.package.phase).toBe('Omitted');
      expect(argoMetrics(argo)).toEqual(local.metrics);
    }
  });
});

function failedRules(record: RunRecord): string[] {
  const report = record.nodes.goals.outputs!.report as { gate?: { rules: { rule: string; passed: boolean }[] } };
  return (report.gate?.rules ?? []).filter((r) => !r.passed).map((r) => r.rule);
}
